import type { MessageEvent } from '@parley/client';
import { formatTime } from '../lib/format.js';
import { routePath } from '../lib/routes.js';

/**
 * Where one's own message stands: `queued` waits for a connection, `sending` is on its way,
 * `sent` is stored by the server, `failed` was refused and waits for Retry or Discard.
 */
export type DeliveryState = 'queued' | 'sending' | 'sent' | 'failed';

interface MessageBubbleProps {
  /** A stored message, or one from the outbox (no seq yet). */
  message: Pick<MessageEvent, 'text' | 'ts'> & Partial<Pick<MessageEvent, 'editedAt' | 'deleted'>> & { seq?: number; room: string };
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
}

const deliveryText: Record<DeliveryState, string> = {
  queued: 'Waiting for connection',
  sending: 'Sending…',
  sent: 'Sent',
  failed: 'Not sent',
};
const deliveryMark: Record<DeliveryState, string> = { queued: '◷', sending: '↑', sent: '✓', failed: '!' };

/** One chat message. The text is rendered as text (React escapes it), never as HTML. */
export function MessageBubble({ message, outgoing, showSender, senderName, startsRun = false, delivery = 'sent', error, highlighted = false, onOpenLink, onRetry, onDiscard }: MessageBubbleProps) {
  const seq = message.seq;
  return (
    <li
      className={`message ${outgoing ? 'message-out' : 'message-in'}${startsRun ? ' starts-run' : ''}${highlighted ? ' is-target' : ''}`}
      data-status={outgoing ? delivery : undefined}
      data-seq={seq}
    >
      <div className="bubble">
        {showSender ? <span className="message-sender">{senderName}</span> : <span className="visually-hidden">{outgoing ? 'You' : senderName}</span>}
        <span className="visually-hidden">: </span>
        {message.deleted ? <p className="message-text message-deleted">This message was deleted</p> : <p className="message-text">{message.text}</p>}
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
