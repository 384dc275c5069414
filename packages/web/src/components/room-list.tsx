import type { ChatState } from '../lib/chat-types.js';
import { RoomListItem } from './room-list-item.js';

/** The rooms, groups and private chats one belongs to, most recent first. */
export function RoomList({ state, drafts, onOpen }: { state: ChatState; drafts: Readonly<Record<string, string>>; onOpen: (name: string) => void }) {
  if (!state.roomsLoaded) return <p className="list-empty">{state.connection === 'offline' ? 'You are offline; your chats show once you are connected.' : 'Loading your chats…'}</p>;
  if (state.rooms.length === 0) {
    return <p className="list-empty">No chats yet. Search for a person or a room above, or start a new group.</p>;
  }
  return (
    <ul className="room-list" aria-label="Your chats">
      {state.rooms.map((room) => (
        <RoomListItem
          key={room.name}
          room={room}
          me={state.me}
          active={state.active === room.name}
          draft={state.active === room.name ? '' : (drafts[room.name] ?? '')}
          waiting={state.outbox.some((m) => m.room === room.name)}
          typing={state.typing[room.name] ?? []}
          online={room.peer && state.connection === 'open' ? (state.online[room.peer.phone] ?? room.peer.online) : undefined}
          status={room.peer && state.connection === 'open' ? (state.presence[room.peer.phone] ?? room.peer).status : undefined}
          onOpen={onOpen}
        />
      ))}
    </ul>
  );
}
