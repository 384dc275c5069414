import type { PublicUser } from '@parley/client';
import { Avatar } from './avatar.js';

interface MembersPanelProps {
  members: PublicUser[] | undefined;
  online: Record<string, boolean>;
  owner: string | null;
  myPhone: string | undefined;
}

/** Everyone in the room, those online first. */
export function MembersPanel({ members, online, owner, myPhone }: MembersPanelProps) {
  const isOnline = (m: PublicUser) => online[m.phone] ?? m.online;
  const sorted = [...(members ?? [])].sort((a, b) => Number(isOnline(b)) - Number(isOnline(a)) || a.name.localeCompare(b.name));
  return (
    <section id="members-panel" className="members-panel" aria-label="Members">
      {members ? (
        <ul className="members-list">
          {sorted.map((m) => (
            <li key={m.phone} className="member">
              <Avatar name={m.name} colorKey={m.phone} online={isOnline(m)} size="sm" />
              <span className="member-name">
                {m.name}
                {m.phone === myPhone ? ' (you)' : ''}
              </span>
              {m.phone === owner ? <span className="tag">owner</span> : null}
              <span className="visually-hidden">{isOnline(m) ? 'online' : 'offline'}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="list-empty">Loading members…</p>
      )}
    </section>
  );
}
