import type { ReactNode } from 'react';
import type { MessageSearchResult, Presence } from '@parley/client';
import type { SearchResults as Results } from '../hooks/use-search.js';
import { formatPhone } from '../lib/phone.js';
import { plural } from '../lib/plural.js';
import { Avatar } from './avatar.js';

interface SearchResultsProps {
  results: Results;
  myPhone: string | undefined;
  myRooms: ReadonlySet<string>;
  online: Record<string, boolean>;
  presence: Record<string, Presence>;
  onUser: (phone: string) => void;
  onRoom: (name: string) => void;
  /** Opens a found message in its chat. */
  onMessage: (room: string, seq: number) => void;
}

/** People and rooms matching the search box; a person opens a private chat, a room is joined. */
export function SearchResults({ results, myPhone, myRooms, online, presence, onUser, onRoom, onMessage }: SearchResultsProps) {
  const users = results.users.filter((u) => u.phone !== myPhone);
  // A failed search found nothing: it says why, rather than "No people found".
  if (results.error) {
    return (
      <div className="search-results">
        <p className="list-empty" role="alert">
          {results.error}
        </p>
      </div>
    );
  }
  return (
    <div className="search-results" aria-busy={results.loading}>
      <section aria-labelledby="people-heading">
        <h2 id="people-heading" className="list-heading">People</h2>
        {users.length === 0 ? (
          <p className="list-empty">{results.loading ? 'Searching…' : 'No people found.'}</p>
        ) : (
          <ul className="room-list" aria-label="People found">
            {users.map((u) => {
              const isOnline = online[u.phone] ?? u.online;
              return (
                <li key={u.phone}>
                  <button type="button" className="room-item" onClick={() => onUser(u.phone)}>
                    <Avatar name={u.name} colorKey={u.phone} online={isOnline} status={presence[u.phone]?.status ?? u.status} />
                    <span className="room-item-main">
                      <span className="room-item-title">
                        <span className="visually-hidden">Chat with </span>
                        {u.name}
                      </span>
                      <span className="room-item-preview">
                        {formatPhone(u.phone)}
                        <span className="visually-hidden">{isOnline ? ', online' : ''}</span>
                      </span>
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </section>
      <section aria-labelledby="rooms-heading">
        <h2 id="rooms-heading" className="list-heading">Rooms</h2>
        {results.rooms.length === 0 ? (
          <p className="list-empty">{results.loading ? 'Searching…' : 'No rooms found.'}</p>
        ) : (
          <ul className="room-list" aria-label="Rooms found">
            {results.rooms.map((r) => {
              const member = myRooms.has(r.name);
              return (
                <li key={r.name}>
                  <button type="button" className="room-item" onClick={() => onRoom(r.name)}>
                    <Avatar name={r.name} colorKey={r.name} kind={r.kind === 'group' ? 'group' : 'room'} />
                    <span className="room-item-main">
                      <span className="room-item-top">
                        <span className="room-item-title">
                          <span className="visually-hidden">{member ? 'Open room ' : 'Join room '}</span>
                          {r.name}
                        </span>
                        <span className="room-item-time">{member ? 'Joined' : plural(r.memberCount, 'member', 'members')}</span>
                      </span>
                      <span className="room-item-preview">{r.description || (r.isPrivate ? 'Private room' : 'Public room')}</span>
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </section>
      <section aria-labelledby="messages-heading">
        <h2 id="messages-heading" className="list-heading">Messages</h2>
        {results.messages.length === 0 ? (
          <p className="list-empty">{results.loading ? 'Searching…' : 'No messages found.'}</p>
        ) : (
          <ul className="room-list" aria-label="Messages found">
            {results.messages.map((m) => (
              <li key={`${m.room}/${m.seq}`}>
                <FoundMessage message={m} title={`${m.from.name} in ${m.room}`} withAvatar onOpen={() => onMessage(m.room, m.seq)} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

/** The snippet with its matching parts marked; text stays text (React escapes it). */
/** One message a search found: who (and where) above, the matching words highlighted below; opens it in its chat. */
export function FoundMessage({ message, title, withAvatar = false, onOpen }: { message: MessageSearchResult; title: string; withAvatar?: boolean; onOpen: () => void }) {
  return (
    <button type="button" className="room-item" onClick={onOpen}>
      {withAvatar ? <Avatar name={message.from.name} colorKey={message.from.phone} /> : null}
      <span className="room-item-main">
        <span className="room-item-top">
          <span className="room-item-title">{title}</span>
          <span className="room-item-time">{new Date(message.ts).toLocaleDateString()}</span>
        </span>
        <span className="room-item-preview">
          <Highlighted text={message.snippet} spans={message.highlights} />
        </span>
      </span>
    </button>
  );
}

export function Highlighted({ text, spans }: { text: string; spans: [number, number][] }) {
  const parts: ReactNode[] = [];
  let at = 0;
  for (const [start, end] of spans) {
    if (start > at) parts.push(text.slice(at, start));
    parts.push(<mark key={start}>{text.slice(start, end)}</mark>);
    at = end;
  }
  parts.push(text.slice(at));
  return <>{parts}</>;
}
