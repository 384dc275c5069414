import type { MessageEvent } from '@parley/client';
import type { PendingMessage } from '../lib/chat-types.js';
import { formatTime } from '../lib/format.js';

interface MessageBubbleProps {
  message: MessageEvent | PendingMessage;
  outgoing: boolean;
  /** Show the sender's name (incoming, in a room, first of a run). */
  showSender: boolean;
  senderName: string;
  /** The first of a run of messages from one sender: a little more room above it. */
  startsRun?: boolean;
  onRetry?: (() => void) | undefined;
  onDiscard?: (() => void) | undefined;
}

function statusOf(message: MessageEvent | PendingMessage): 'sent' | 'pending' | 'failed' {
  return 'status' in message ? message.status : 'sent';
}

const statusText = { sent: 'Sent', pending: 'Sending…', failed: 'Not sent' } as const;

/** One chat message. The text is rendered as text (React escapes it), never as HTML. */
export function MessageBubble({ message, outgoing, showSender, senderName, startsRun = false, onRetry, onDiscard }: MessageBubbleProps) {
  const status = statusOf(message);
  return (
    <li className={`message ${outgoing ? 'message-out' : 'message-in'}${startsRun ? ' starts-run' : ''}`} data-status={outgoing ? status : undefined}>
      <div className="bubble">
        {showSender ? <span className="message-sender">{senderName}</span> : null}
        <p className="message-text">{message.text}</p>
        <span className="message-meta">
          <time dateTime={message.ts}>{formatTime(message.ts)}</time>
          {outgoing ? (
            <span className={`message-status status-${status}`} title={statusText[status]}>
              <span aria-hidden="true">{status === 'sent' ? '✓' : status === 'pending' ? '◷' : '!'}</span>
              <span className="visually-hidden">{statusText[status]}</span>
            </span>
          ) : null}
        </span>
      </div>
      {status === 'failed' ? (
        <div className="message-failed">
          <span>{'error' in message && message.error ? message.error : 'Not sent.'}</span>
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
