import { limits } from '@parley/client';
import { useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { Icon } from './icon.js';

const maxChars = limits.textMax;

/** Where a message is written: Enter sends, Shift+Enter starts a new line. */
export function Composer({ roomTitle, onSend }: { roomTitle: string; onSend: (text: string) => void }) {
  const [text, setText] = useState('');
  const ref = useRef<HTMLTextAreaElement>(null);
  const canSend = text.trim().length > 0 && Array.from(text).length <= maxChars;

  // Grows with its text up to a few lines, then scrolls.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 160)}px`;
  }, [text]);

  function send(event?: FormEvent) {
    event?.preventDefault();
    if (!canSend) return;
    onSend(text);
    setText('');
    ref.current?.focus();
  }

  const over = Array.from(text).length - maxChars;
  return (
    <form className="composer" onSubmit={send}>
      <textarea
        ref={ref}
        rows={1}
        aria-label="Message"
        placeholder={`Message ${roomTitle}`}
        value={text}
        autoFocus
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) send(e);
        }}
      />
      {over > 0 ? <span className="composer-over" role="alert">{over} characters too long</span> : null}
      <button type="submit" className="btn btn-primary send-btn" aria-label="Send" disabled={!canSend}>
        <Icon name="send" />
      </button>
    </form>
  );
}
