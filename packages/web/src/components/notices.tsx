import { useEffect, useRef, useState } from 'react';
import type { Notice } from '../lib/chat-types.js';

/** Long enough to read: a base plus time per word; errors stay until dismissed. */
function readingTimeMs(text: string): number {
  return 6000 + text.split(/\s+/).length * 400;
}

function NoticeItem({ notice, onDismiss }: { notice: Notice; onDismiss: (id: number) => void }) {
  const [held, setHeld] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Held while pointed at or focused, so that it never goes while being read.
    if (notice.tone === 'error' || held) return;
    const timer = setTimeout(() => onDismiss(notice.id), readingTimeMs(notice.text));
    return () => clearTimeout(timer);
  }, [notice, held, onDismiss]);
  return (
    <div
      ref={ref}
      className={`notice notice-${notice.tone}`}
      onMouseEnter={() => setHeld(true)}
      onMouseLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={(e) => {
        if (!ref.current?.contains(e.relatedTarget as Node | null)) setHeld(false);
      }}
    >
      <span>{notice.text}</span>
      <button type="button" className="icon-btn" aria-label="Dismiss" onClick={() => onDismiss(notice.id)}>
        ×
      </button>
    </div>
  );
}

/** Notes (a room was deleted, an action failed), read out by screen readers. */
export function Notices({ notices, onDismiss }: { notices: Notice[]; onDismiss: (id: number) => void }) {
  return (
    <div className="notices" role="status" aria-live="polite">
      {notices.map((n) => (
        <NoticeItem key={n.id} notice={n} onDismiss={onDismiss} />
      ))}
    </div>
  );
}
