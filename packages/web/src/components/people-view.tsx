import { useEffect, useState } from 'react';
import type { PresenceStatus, PublicUser } from '@parley/client';
import { useChatContext, useChatState } from '../hooks/use-chat.js';
import { describeError } from '../lib/errors.js';
import { customText, presenceText } from '../lib/presence-text.js';
import { Avatar } from './avatar.js';

const groups: { status: PresenceStatus; title: string }[] = [
  { status: 'online', title: 'Online' },
  { status: 'away', title: 'Away' },
  { status: 'busy', title: 'Busy' },
  { status: 'offline', title: 'Offline' },
];

/**
 * Everyone one shares a room with, grouped by presence and kept live by presence pushes (the
 * list itself comes from the server once, when the view opens). A person opens a private chat.
 */
export function PeopleView({ onOpen }: { onOpen: (phone: string) => void }) {
  const { actions } = useChatContext();
  const { presence } = useChatState();
  const [people, setPeople] = useState<PublicUser[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    actions.loadPeople().then(
      (found) => live && setPeople(found),
      (e: unknown) => live && setError(describeError(e)),
    );
    return () => {
      live = false;
    };
  }, [actions]);

  if (error) return <p className="list-empty" role="alert">{error}</p>;
  if (!people) return <p className="list-empty">Loading people…</p>;
  if (people.length === 0) return <p className="list-empty">Nobody shares a room with you yet.</p>;
  const now = Date.now();
  return (
    <div className="people-view">
      {groups.map(({ status, title }) => {
        const inGroup = people.filter((p) => (presence[p.phone] ?? p).status === status).sort((a, b) => a.name.localeCompare(b.name));
        if (inGroup.length === 0) return null;
        return (
          <section key={status} aria-label={title}>
            <h2 className="list-heading">
              {title} <span className="list-count">{inGroup.length}</span>
            </h2>
            <ul className="room-list">
              {inGroup.map((p) => {
                const state = presence[p.phone] ?? p;
                const custom = customText(state);
                return (
                  <li key={p.phone}>
                    <button type="button" className="room-item" onClick={() => onOpen(p.phone)}>
                      <Avatar name={p.name} colorKey={p.phone} status={state.status} />
                      <span className="room-item-main">
                        <span className="room-item-title">{p.name}</span>
                        <span className="room-item-preview">{`${presenceText(state, now)}${custom ? ` · ${custom}` : ''}`}</span>
                      </span>
                    </button>
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
