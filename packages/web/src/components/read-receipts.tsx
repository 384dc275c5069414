import { useState } from 'react';
import type { Receipt } from '@parley/client';
import { Avatar } from './avatar.js';

/** Readers shown as avatars before "+N". */
const shownMax = 5;

function names(readers: readonly Receipt[]): string {
  return new Intl.ListFormat('en', { style: 'long', type: 'conjunction' }).format(readers.map((r) => r.name || r.phone));
}

/** "Seen" under one's newest message the other person has read, in a private chat. */
export function SeenMark() {
  return (
    <li className="read-mark" data-testid="seen">
      Seen
    </li>
  );
}

/**
 * The readers whose marker stops at the message above: small avatars, the full list on hover
 * (title) or on tap (the button opens it), and as text for screen readers.
 */
export function ReadersRow({ readers }: { readers: readonly Receipt[] }) {
  const [open, setOpen] = useState(false);
  const label = `Read by ${names(readers)}`;
  const extra = readers.length - shownMax;
  return (
    <li className="readers">
      <button type="button" className="readers-button" title={label} aria-label={label} aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        {readers.slice(0, shownMax).map((r) => (
          <Avatar key={r.phone} name={r.name || r.phone} colorKey={r.phone} size="xs" />
        ))}
        {extra > 0 ? <span className="readers-more">+{extra}</span> : null}
      </button>
      {open ? (
        <ul className="readers-list" aria-label="Read by">
          {readers.map((r) => (
            <li key={r.phone}>{r.name || r.phone}</li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}
