import { useRef } from 'react';
import type { Presence, PublicUser } from '@parley/client';
import { useEscapeClose } from '../hooks/use-escape-close.js';
import { customText, presenceText } from '../lib/presence-text.js';
import { Avatar } from './avatar.js';
import { Modal } from './modal.js';

interface MembersPanelProps {
  members: PublicUser[] | undefined;
  online: Record<string, boolean>;
  presence: Record<string, Presence>;
  owner: string | null;
  myPhone: string | undefined;
  /** On a phone: a dialog over the chat (Escape, Back or a tap outside closes it). */
  asLayer: boolean;
  onClose: () => void;
}

/** Everyone in the room, those online first. */
export function MembersPanel({ members, online, presence, owner, myPhone, asLayer, onClose }: MembersPanelProps) {
  const ref = useRef<HTMLElement>(null);
  useEscapeClose(!asLayer, onClose);

  const isOnline = (m: PublicUser) => online[m.phone] ?? m.online;
  const sorted = [...(members ?? [])].sort((a, b) => Number(isOnline(b)) - Number(isOnline(a)) || a.name.localeCompare(b.name));
  const list = members ? (
    <ul className="members-list">
      {sorted.map((m) => (
        <li key={m.phone} className="member">
          <Avatar name={m.name} colorKey={m.phone} online={isOnline(m)} status={(presence[m.phone] ?? m).status} size="sm" />
          <span className="member-name">
            <span className="member-name-text">{m.name}</span>
            {m.phone === myPhone ? <span className="member-you"> (you)</span> : null}
          </span>
          {m.phone === owner ? <span className="tag">owner</span> : null}
          <span className="member-presence">{`${presenceText(presence[m.phone] ?? m)}${customText(presence[m.phone] ?? m) ? ` · ${customText(presence[m.phone] ?? m)}` : ''}`}</span>
        </li>
      ))}
    </ul>
  ) : (
    <p className="list-empty">Loading members…</p>
  );

  if (asLayer) {
    return (
      <Modal title="Members" onClose={onClose} id="members-panel" className="modal-sheet">
        {list}
      </Modal>
    );
  }
  return (
    <section id="members-panel" ref={ref} className="members-panel" aria-label="Members">
      {list}
    </section>
  );
}
