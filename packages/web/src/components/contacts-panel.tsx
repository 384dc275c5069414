import { useMemo, useState } from 'react';
import { useChatContext, useChatState } from '../hooks/use-chat.js';
import { useSearch } from '../hooks/use-search.js';
import { Avatar } from './avatar.js';
import { Brand } from './brand.js';
import { Icon } from './icon.js';
import { NewGroupModal } from './new-group-modal.js';
import { NewRoomModal } from './new-room-modal.js';
import { RoomList } from './room-list.js';
import { SearchResults } from './search-results.js';

/** The left side: who I am, the search box, new group / new room, and my chats or the search results. */
export function ContactsPanel({ onSignOut }: { onSignOut: () => void }) {
  const { store, actions } = useChatContext();
  const state = useChatState();
  const [query, setQuery] = useState('');
  const [modal, setModal] = useState<'group' | 'room' | null>(null);
  const results = useSearch(store.client, query);
  const myRooms = useMemo(() => new Set(state.rooms.map((r) => r.name)), [state.rooms]);
  const searching = query.trim() !== '';

  const clearAnd = (action: () => Promise<void>) => {
    setQuery('');
    void action();
  };

  return (
    <aside className="contacts" aria-label="Chats">
      <header className="contacts-header">
        <Brand />
        <div className="me">
          {state.me ? <Avatar name={state.me.name} colorKey={state.me.phone} size="sm" /> : null}
          <span className="me-name" title={state.me ? `${state.me.name} (${state.me.phone})` : undefined}>
            {state.me?.name ?? ''}
          </span>
          <button type="button" className="btn btn-ghost btn-sm" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <div className="contacts-tools">
        <div className="search-box">
          <Icon name="search" className="search-icon" />
          <input
            type="search"
            aria-label="Search"
            placeholder="Search people and rooms"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') setQuery('');
            }}
          />
        </div>
        <div className="contacts-actions">
          <button type="button" className="btn btn-secondary btn-sm" onClick={() => setModal('group')}>
            New group
          </button>
          <button type="button" className="btn btn-secondary btn-sm" onClick={() => setModal('room')}>
            New room
          </button>
        </div>
      </div>
      <div className="contacts-list">
        {searching ? (
          <SearchResults
            results={results}
            myPhone={state.me?.phone}
            myRooms={myRooms}
            online={state.online}
            onUser={(phone) => clearAnd(() => actions.openPrivate(phone))}
            onRoom={(name) => clearAnd(() => actions.joinRoom(name))}
          />
        ) : (
          <RoomList state={state} onOpen={(name) => void actions.open(name)} />
        )}
      </div>
      {modal === 'group' ? <NewGroupModal onClose={() => setModal(null)} /> : null}
      {modal === 'room' ? <NewRoomModal onClose={() => setModal(null)} /> : null}
    </aside>
  );
}
