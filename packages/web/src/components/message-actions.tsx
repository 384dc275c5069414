import { useState } from 'react';
import { rememberEmoji } from '../lib/recent-emoji.js';
import { EmojiButton } from './emoji-button.js';

/** The reactions offered at a tap; any other emoji comes from the picker behind "More emoji". */
export const quickReactions = ['👍', '❤️', '😂', '🎉', '😮', '😢'] as const;

interface MessageActionsProps {
  own: boolean;
  onReply: () => void;
  onReact: (emoji: string) => void;
  onEdit: () => void;
  onDelete: () => void;
  onCopy: () => void;
}

/**
 * The actions of one message, shown on hover or focus (desktop) and after a long press or the
 * "More" button (touch). Plain buttons, so Tab reaches each of them.
 */
export function MessageActions({ own, onReply, onReact, onEdit, onDelete, onCopy }: MessageActionsProps) {
  const [reacting, setReacting] = useState(false);
  return (
    <div className="message-actions" role="toolbar" aria-label="Message actions">
      <button type="button" className="message-action" onClick={onReply}>
        Reply
      </button>
      <button type="button" className="message-action" aria-expanded={reacting} onClick={() => setReacting((open) => !open)}>
        React
      </button>
      {reacting ? (
        <span className="quick-reactions" role="group" aria-label="Reactions">
          {quickReactions.map((emoji) => (
            <button
              key={emoji}
              type="button"
              className="message-action quick-reaction"
              aria-label={`React with ${emoji}`}
              onClick={() => {
                setReacting(false);
                rememberEmoji(emoji);
                onReact(emoji);
              }}
            >
              {emoji}
            </button>
          ))}
          <EmojiButton
            label="More emoji"
            className="message-action quick-reaction"
            onPick={(emoji) => {
              setReacting(false);
              onReact(emoji);
            }}
          >
            <span aria-hidden="true">＋</span>
          </EmojiButton>
        </span>
      ) : null}
      {own ? (
        <>
          <button type="button" className="message-action" onClick={onEdit}>
            Edit
          </button>
          <button type="button" className="message-action" onClick={onDelete}>
            Delete
          </button>
        </>
      ) : null}
      <button type="button" className="message-action" onClick={onCopy}>
        Copy
      </button>
    </div>
  );
}
