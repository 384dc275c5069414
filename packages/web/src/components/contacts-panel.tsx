import { useEffect, useMemo, useRef, useState } from 'react';
import { useChatContext, useChatState, useDrafts } from '../hooks/use-chat.js';
import { useSearch } from '../hooks/use-search.js';
import { formatPhone } from '../lib/phone.js';
import { customText, statusLabels } from '../lib/presence-text.js';
import { chatRoute, peopleRoute } from '../lib/routes.js';
import { Avatar } from './avatar.js';
import { Brand } from './brand.js';
import { Icon } from './icon.js';
import { InvitationList } from './invitation-list.js';
import { NewGroupModal } from './new-group-modal.js';
import { NewRoomModal } from './new-room-modal.js';
import { PeopleView } from './people-view.js';
import { RoomList } from './room-list.js';
import { SearchResults } from './search-results.js';
import { StatusModal } from './status-modal.js';
import { ThemeModal } from './theme-modal.js';

/** The left side: who I am, the search box, new group / new room, and my chats or the search results. */
export function ContactsPanel({ onSignOut, people }: { onSignOut: () => void; people: boolean }) {
  const { store, actions, navigate } = useChatContext();
  const state = useChatState();
  const drafts = useDrafts();
  const [query, setQuery] = useState('');
  const [modal, setModal] = useState<'group' | 'room' | 'theme' | 'status' | null>(null);
  const results = useSearch(store.client, query);
  const myRooms = useMemo(() => new Set(state.rooms.map((r) => r.name)), [state.rooms]);
  const searching = query.trim() !== '';
  const searchRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const lastActive = useRef<string | null>(state.active);

  // A page change must not leave focus on <body>: the search box takes it, unless a chat is open.
  useEffect(() => {
    if (!store.getState().active && (document.activeElement === document.body || document.activeElement === null)) searchRef.current?.focus();
  }, [store]);

  // Back from a chat (a phone shows one panel at a time): focus returns to that chat in the list.
  useEffect(() => {
    const left = lastActive.current;
    lastActive.current = state.active;
    if (state.active !== null || left === null) return;
    const item = [...(listRef.current?.querySelectorAll<HTMLElement>('[data-room]') ?? [])].find((el) => el.dataset.room === left);
    if (item && (document.activeElement === document.body || document.activeElement === null || !document.activeElement.isConnected || document.activeElement.closest('.chat'))) item.focus();
  }, [state.active]);

  const mine = state.myStatus;
  const myStatusDot = !mine || mine.status === 'online' ? 'online' : mine.status === 'invisible' ? 'offline' : statusLabels[mine.status];
  const myStatusText = mine ? (customText(mine) ?? (mine.status === 'invisible' ? 'Invisible' : statusLabels[mine.status].replace(/^./, (c) => c.toUpperCase()))) : 'Online';

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
          <span className="me-who">
            <span className="me-name" title={state.me ? `${state.me.name} (${formatPhone(state.me.phone)})` : undefined}>
              {state.me?.name ?? ''}
            </span>
            <button type="button" className="status-button" aria-label={`Status: ${myStatusText}. Change status`} onClick={() => setModal('status')}>
              <span className={`presence-dot is-${myStatusDot}`} aria-hidden="true" />
              <span>{myStatusText}</span>
            </button>
          </span>
          <button type="button" className="icon-btn" aria-label="Appearance" onClick={() => setModal('theme')}>
            <Icon name="theme" />
          </button>
          <button type="button" className="btn btn-ghost btn-sm" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <div className="contacts-tools">
        <div className="search-box">
          <Icon name="search" className="search-icon" />
          <input
            ref={searchRef}
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
          <button type="button" className="btn btn-secondary btn-sm" aria-pressed={people} onClick={() => navigate(people ? chatRoute() : peopleRoute)}>
            People
          </button>
        </div>
      </div>
      <div className="contacts-list" ref={listRef}>
        {state.roomsFromSnapshot ? <p className="list-note">Shown as on your last visit; it updates once you are connected.</p> : null}
        {searching ? (
          <SearchResults
            results={results}
            myPhone={state.me?.phone}
            myRooms={myRooms}
            online={state.online}
            presence={state.presence}
            onUser={(phone) => clearAnd(() => actions.openPrivate(phone))}
            onRoom={(name) => clearAnd(() => actions.joinRoom(name))}
            onMessage={(room, seq) => clearAnd(async () => navigate(chatRoute(room, seq)))}
          />
        ) : people ? (
          <PeopleView onOpen={(phone) => void actions.openPrivate(phone)} />
        ) : (
          <>
            <InvitationList />
            <RoomList state={state} drafts={drafts} onOpen={(name) => navigate(chatRoute(name))} />
          </>
        )}
      </div>
      {modal === 'group' ? <NewGroupModal onClose={() => setModal(null)} /> : null}
      {modal === 'room' ? <NewRoomModal onClose={() => setModal(null)} /> : null}
      {modal === 'status' ? <StatusModal onClose={() => setModal(null)} /> : null}
      {modal === 'theme' ? <ThemeModal client={store.client} onClose={() => setModal(null)} /> : null}
    </aside>
  );
}
