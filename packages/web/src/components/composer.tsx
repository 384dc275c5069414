import { limits } from '@parley/client';
import { useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { useChatContext, useDrafts } from '../hooks/use-chat.js';
import { touchFirst, useMedia } from '../hooks/use-media.js';
import { plural } from '../lib/plural.js';
import { Icon } from './icon.js';

const maxChars = limits.textMax;

interface ComposerProps {
  room: string;
  roomTitle: string;
  onSend: (text: string) => void;
  /** Called on every change: whether there is something being written. */
  onTyping: (typing: boolean) => void;
}

/**
 * Where a message is written, kept as the room's draft while one types. With a keyboard, Enter
 * sends and Shift+Enter starts a new line; on a touch screen Enter starts a new line and the
 * send button sends, as soft keyboards have no Shift+Enter.
 */
export function Composer({ room, roomTitle, onSend, onTyping }: ComposerProps) {
  const { drafts } = useChatContext();
  const kept = useDrafts()[room] ?? '';
  const [text, setText] = useState(kept);
  const adopted = useRef(drafts.loaded);
  const ref = useRef<HTMLTextAreaElement>(null);
  const touch = useMedia(touchFirst);
  const length = Array.from(text).length;
  const canSend = text.trim().length > 0 && length <= maxChars;

  // Drafts load from IndexedDB after the first paint: take the kept one if nothing was typed yet.
  if (!adopted.current && drafts.loaded) {
    adopted.current = true;
    if (text === '' && kept !== '') setText(kept);
  }

  // Grows with its text up to a few lines, then scrolls.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 160)}px`;
  }, [text]);

  function change(value: string) {
    setText(value);
    drafts.set(room, value);
    onTyping(value.trim() !== '');
  }

  function send(event?: FormEvent) {
    event?.preventDefault();
    if (!canSend) return;
    onSend(text);
    change('');
    ref.current?.focus();
  }

  const over = length - maxChars;
  return (
    <form className="composer" onSubmit={send}>
      <textarea
        ref={ref}
        rows={1}
        aria-label="Message"
        placeholder={`Message ${roomTitle}`}
        value={text}
        autoFocus={!touch}
        enterKeyHint={touch ? 'enter' : 'send'}
        onChange={(e) => change(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !touch && !e.nativeEvent.isComposing) send(e);
        }}
      />
      {over > 0 ? (
        <span className="composer-over" role="alert">
          {plural(over, 'character', 'characters')} too long
        </span>
      ) : null}
      <button type="submit" className="btn btn-primary send-btn" aria-label="Send" disabled={!canSend}>
        <Icon name="send" />
      </button>
    </form>
  );
}
