import { useRef, useState } from 'react';
import type { MessageEvent, ReactionSummary } from '@parley/client';
import { formatTime } from '../lib/format.js';
import { routePath } from '../lib/routes.js';
import { MessageActions } from './message-actions.js';
import { MessageText, usePlainText, type Mention } from './message-text.js';
import { ReactionChips } from './reaction-chips.js';

/** What one can do with a stored message; absent for what is still in the outbox. */
export interface MessageHandlers {
  onReply: () => void;
  onReact: (emoji: string, on: boolean) => void;
  onEdit: () => void;
  onDelete: () => void;
  onCopy: () => void;
  /** Brings the message a reply answers into view (loading it as needed). */
  onOpenQuote: (seq: number) => void;
}

const longPressMs = 500;

/**
 * Where one's own message stands: `queued` waits for a connection, `sending` is on its way,
 * `sent` is stored by the server, `failed` was refused and waits for Retry or Discard.
 */
export type DeliveryState = 'queued' | 'sending' | 'sent' | 'failed';

interface MessageBubbleProps {
  /** A stored message, or one from the outbox (no seq yet). */
  message: Pick<MessageEvent, 'text' | 'ts'> & Partial<Pick<MessageEvent, 'editedAt' | 'deleted' | 'replyTo' | 'quote'>> & { reactions?: ReactionSummary[] } & { seq?: number; room: string };
  outgoing: boolean;
  /** Show the sender's name (incoming, in a room, first of a run); screen readers always hear it. */
  showSender: boolean;
  senderName: string;
  /** The first of a run of messages from one sender: a little more room above it. */
  startsRun?: boolean;
  delivery?: DeliveryState;
  error?: string | undefined;
  /** The message a link pointed at: marked until one moves on. */
  highlighted?: boolean;
  onOpenLink?: ((seq: number) => void) | undefined;
  onRetry?: (() => void) | undefined;
  onDiscard?: (() => void) | undefined;
  handlers?: MessageHandlers | undefined;
  /** The people the message mentions, by name; `me` when it is the reader. */
  mentioned?: Mention[] | undefined;
}

const deliveryText: Record<DeliveryState, string> = {
  queued: 'Waiting for connection',
  sending: 'Sending…',
  sent: 'Sent',
  failed: 'Not sent',
};
const deliveryMark: Record<DeliveryState, string> = { queued: '◷', sending: '↑', sent: '✓', failed: '!' };

/** One chat message. Its Markdown is built as React elements (React escapes the text), never as HTML. */
export function MessageBubble({ message, outgoing, showSender, senderName, startsRun = false, delivery = 'sent', error, highlighted = false, onOpenLink, onRetry, onDiscard, handlers, mentioned }: MessageBubbleProps) {
  const seq = message.seq;
  const [open, setOpen] = useState(false);
  const plain = usePlainText();
  const press = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const actionable = handlers && !message.deleted;
  const endPress = () => clearTimeout(press.current);
  return (
    <li
      className={`message ${outgoing ? 'message-out' : 'message-in'}${startsRun ? ' starts-run' : ''}${highlighted ? ' is-target' : ''}${open ? ' actions-open' : ''}`}
      data-status={outgoing ? delivery : undefined}
      data-seq={seq}
      onTouchStart={actionable ? () => (press.current = setTimeout(() => setOpen(true), longPressMs)) : undefined}
      onTouchEnd={actionable ? endPress : undefined}
      onTouchMove={actionable ? endPress : undefined}
      onKeyDown={
        actionable
          ? (e) => {
              if (e.key === 'Escape' && open) setOpen(false);
            }
          : undefined
      }
    >
      <div className="bubble">
        {message.replyTo !== undefined && message.quote ? (
          <button type="button" className="message-quote" onClick={() => handlers?.onOpenQuote(message.replyTo as number)} aria-label={`Reply to ${message.quote.from.name}: ${message.quote.deleted ? 'a deleted message' : plain(message.quote.text ?? '')}. Show it`}>
            <span className="quote-sender">{message.quote.from.name}</span>
            <span className="quote-text">{message.quote.deleted ? 'This message was deleted' : plain(message.quote.text ?? '')}</span>
          </button>
        ) : null}
        {showSender ? <span className="message-sender">{senderName}</span> : <span className="visually-hidden">{outgoing ? 'You' : senderName}</span>}
        <span className="visually-hidden">: </span>
        {message.deleted ? <p className="message-text message-deleted">This message was deleted</p> : <MessageText text={message.text ?? ''} mentions={mentioned} />}
        <span className="message-meta">
          {message.editedAt && !message.deleted ? (
            <span className="message-edited" title={`Edited ${formatTime(message.editedAt)}`}>
              (edited)
            </span>
          ) : null}
          {seq !== undefined ? (
            <a
              className="message-time"
              href={routePath({ page: 'chat', room: message.room, seq })}
              tabIndex={-1}
              title="Link to this message"
              onClick={(e) => {
                if (!onOpenLink || e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
                e.preventDefault();
                onOpenLink(seq);
              }}
            >
              <time dateTime={message.ts}>{formatTime(message.ts)}</time>
            </a>
          ) : (
            <time dateTime={message.ts}>{formatTime(message.ts)}</time>
          )}
          {outgoing ? (
            <span className={`message-status status-${delivery}`} title={deliveryText[delivery]}>
              <span aria-hidden="true">{deliveryMark[delivery]}</span>
              <span className="status-label">{delivery === 'sent' ? <span className="visually-hidden">Sent</span> : deliveryText[delivery]}</span>
            </span>
          ) : null}
        </span>
      </div>
      {handlers && message.reactions ? <ReactionChips reactions={message.reactions} onToggle={handlers.onReact} /> : null}
      {actionable ? (
        <>
          <button type="button" className="message-more" aria-label="Message actions" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
            ⋯
          </button>
          <MessageActions
            own={outgoing}
            onReply={() => {
              setOpen(false);
              handlers.onReply();
            }}
            onReact={(emoji) => {
              setOpen(false);
              handlers.onReact(emoji, !message.reactions?.some((r) => r.emoji === emoji && r.me));
            }}
            onEdit={() => {
              setOpen(false);
              handlers.onEdit();
            }}
            onDelete={() => {
              setOpen(false);
              handlers.onDelete();
            }}
            onCopy={() => {
              setOpen(false);
              handlers.onCopy();
            }}
          />
        </>
      ) : null}
      {delivery === 'failed' ? (
        <div className="message-failed" role="alert">
          <span>{error ? `Not sent: ${error}` : 'Not sent.'}</span>
          <button type="button" className="link" onClick={onRetry}>
            Retry
          </button>
          <button type="button" className="link" onClick={onDiscard}>
            Discard
          </button>
        </div>
      ) : null}
    </li>
  );
}
