import { useState } from 'react';
import { useChatContext, useChatState } from '../hooks/use-chat.js';
import { emptyTimeline } from '../lib/chat-types.js';
import { roomTitle } from '../lib/room-summary.js';
import { AddPeopleModal } from './add-people-modal.js';
import { ChatHeader } from './chat-header.js';
import { Composer } from './composer.js';
import { ConfirmModal } from './confirm-modal.js';
import { MembersPanel } from './members-panel.js';
import { MessageList } from './message-list.js';

/** The right side: the open chat, or a hint when none is open. */
export function ChatPanel() {
  const { actions } = useChatContext();
  const state = useChatState();
  const [membersOpen, setMembersOpen] = useState(false);
  const [confirm, setConfirm] = useState<'delete' | 'leave' | null>(null);
  const [adding, setAdding] = useState(false);
  const room = state.active ? state.rooms.find((r) => r.name === state.active) : undefined;

  if (!room) {
    return (
      <main className="chat chat-empty" aria-label="Chat">
        <div className="empty-state">
          <h2>Pick a chat</h2>
          <p>Choose one of your chats, search for a person or a room, or start a new group.</p>
        </div>
      </main>
    );
  }

  const title = roomTitle(room);
  const members = state.members[room.name];
  const timeline = state.timelines[room.name] ?? emptyTimeline;
  const isOwner = room.owner !== null && room.owner === state.me?.phone;

  return (
    <main className="chat" aria-label={`Chat: ${title}`}>
      <ChatHeader
        room={room}
        members={members}
        online={state.online}
        isOwner={isOwner}
        membersOpen={membersOpen}
        onBack={() => actions.close()}
        onToggleMembers={() => setMembersOpen((open) => !open)}
        onAddPeople={() => setAdding(true)}
        onLeave={() => setConfirm('leave')}
        onDelete={() => setConfirm('delete')}
      />
      <div className="chat-body">
        <MessageList
          key={room.name}
          timeline={timeline}
          me={state.me}
          showSenders={room.kind !== 'direct'}
          onLoadOlder={() => void actions.loadOlder(room.name)}
          onRetry={(id) => actions.retry(room.name, id)}
          onDiscard={(id) => actions.discard(room.name, id)}
        />
        {membersOpen && room.kind !== 'direct' ? <MembersPanel members={members} online={state.online} owner={room.owner} myPhone={state.me?.phone} /> : null}
      </div>
      <Composer key={room.name} roomTitle={title} onSend={(text) => actions.send(room.name, text)} />
      {adding ? <AddPeopleModal room={room.name} title={title} onClose={() => setAdding(false)} /> : null}
      {confirm === 'delete' ? (
        <ConfirmModal
          title={`Delete ${title}?`}
          message="The room and all its messages are deleted for everyone. This cannot be undone."
          confirmLabel="Delete room"
          onConfirm={() => actions.deleteRoom(room.name)}
          onClose={() => setConfirm(null)}
        />
      ) : null}
      {confirm === 'leave' ? (
        <ConfirmModal
          title={`Leave ${title}?`}
          message={room.isPrivate ? 'You will need to be added again to come back.' : 'You can join again from search at any time.'}
          confirmLabel="Leave"
          onConfirm={() => actions.leave(room.name)}
          onClose={() => setConfirm(null)}
        />
      ) : null}
    </main>
  );
}
