import { useCallback, useEffect, useState } from 'react';
import type { HistoryEntry, MessageEvent } from '@parley/client';
import { useChatContext, useChatState } from '../hooks/use-chat.js';
import { phoneLayout, useMedia } from '../hooks/use-media.js';
import { backToList } from '../hooks/use-route.js';
import { emptyTimeline } from '../lib/chat-types.js';
import { leaveText } from '../lib/leave-text.js';
import { roomTitle } from '../lib/room-summary.js';
import { typingText } from '../lib/typing-text.js';
import { chatRoute, entryState } from '../lib/routes.js';
import { AddPeopleModal } from './add-people-modal.js';
import { ChatHeader } from './chat-header.js';
import { ChatSearchPanel } from './chat-search-panel.js';
import { Composer, type ComposerMode } from './composer.js';
import { ConfirmModal } from './confirm-modal.js';
import { FilesPanel } from './files-panel.js';
import { MembersPanel } from './members-panel.js';
import { MessageList } from './message-list.js';

/** The right side: the open chat, or a hint when none is open. */
export function ChatPanel() {
  const { actions, navigate } = useChatContext();
  const state = useChatState();
  const phone = useMedia(phoneLayout);
  const [membersOpen, setMembersOpen] = useState(false);
  const [filesOpen, setFilesOpen] = useState(false);
  const [searchOpen, setSearchOpen] = useState(false);
  const [confirm, setConfirm] = useState<'delete' | 'leave' | null>(null);
  const [adding, setAdding] = useState(false);
  const [mode, setMode] = useState<ComposerMode>(null);
  const [deleting, setDeleting] = useState<number | null>(null);
  const room = state.active ? state.rooms.find((r) => r.name === state.active) : undefined;

  // On a phone the members panel is a layer of its own: Back closes it, like any other screen.
  useEffect(() => {
    if (!membersOpen || !phone) return;
    history.pushState({ ...(entryState() ?? { parley: 1 }), layer: 'members' }, '', location.href);
    const onPop = () => setMembersOpen(false);
    window.addEventListener('popstate', onPop);
    return () => {
      window.removeEventListener('popstate', onPop);
      if ((history.state as { layer?: string } | null)?.layer === 'members') history.back();
    };
  }, [membersOpen, phone]);

  useEffect(() => {
    setMembersOpen(false);
    setFilesOpen(false);
    setSearchOpen(false);
  }, [state.active]);
  const closeMembers = useCallback(() => setMembersOpen(false), []);
  const closeFiles = useCallback(() => setFilesOpen(false), []);
  const closeSearch = useCallback(() => setSearchOpen(false), []);

  if (!room) {
    const unknown = state.active !== null && state.roomsLoaded;
    return (
      <main className="chat chat-empty" aria-label="Chat">
        <div className="empty-state">
          <h2>{unknown ? 'Chat not found' : 'Pick a chat'}</h2>
          <p>{unknown ? 'This chat is not in your list: it may have been deleted, or you are not a member.' : 'Choose one of your chats, search for a person or a room, or start a new group.'}</p>
          {unknown ? (
            <button type="button" className="btn btn-secondary" onClick={() => navigate(chatRoute(), { replace: true })}>
              Back to your chats
            </button>
          ) : null}
        </div>
      </main>
    );
  }

  const title = roomTitle(room);
  const members = state.members[room.name];
  const timeline = state.timelines[room.name] ?? emptyTimeline;
  const isOwner = room.owner !== null && room.owner === state.me?.phone;
  const place = room.kind === 'group' ? 'group' : 'room';

  return (
    <main className="chat" aria-label={`Chat: ${title}`}>
      <ChatHeader
        room={room}
        members={members}
        online={state.online}
        presence={state.presence}
        connection={state.connection}
        isOwner={isOwner}
        membersOpen={membersOpen}
        filesOpen={filesOpen}
        onBack={() => backToList(navigate)}
        searchOpen={searchOpen}
        onToggleMembers={() => {
          setFilesOpen(false);
          setSearchOpen(false);
          setMembersOpen((open) => !open);
        }}
        onToggleFiles={() => {
          setMembersOpen(false);
          setSearchOpen(false);
          setFilesOpen((open) => !open);
        }}
        onToggleSearch={() => {
          setMembersOpen(false);
          setFilesOpen(false);
          setSearchOpen((open) => !open);
        }}
        onAddPeople={() => setAdding(true)}
        onLeave={() => setConfirm('leave')}
        onDelete={() => setConfirm('delete')}
      />
      <div className="chat-body">
        <MessageList
          key={room.name}
          room={room.name}
          kind={room.kind}
          lastSeq={room.lastSeq}
          timeline={timeline}
          outbox={state.outbox}
          connection={state.connection}
          me={state.me}
          members={members}
          receipts={state.settings?.readReceipts === false ? undefined : state.receipts[room.name]}
          onLoadOlder={() => void actions.loadOlder(room.name)}
          onLoadNewer={() => void actions.loadNewer(room.name)}
          onJumpToLatest={() => {
            if (location.pathname !== `/chat/${encodeURIComponent(room.name)}`) navigate(chatRoute(room.name), { replace: true });
            void actions.jumpToLatest(room.name);
          }}
          onReached={() => actions.reached(room.name)}
          onOpenLink={(seq) => navigate(chatRoute(room.name, seq))}
          onRetry={(id) => actions.retry(id)}
          onDiscard={(id) => actions.discard(id)}
          handlersFor={(message) => ({
            onReply: () => setMode({ kind: 'reply', message }),
            onReact: (emoji, on) => void actions.react(room.name, message.seq, emoji, on),
            onEdit: () => setMode({ kind: 'edit', message }),
            onDelete: () => setDeleting(message.seq),
            onCopy: () => void navigator.clipboard?.writeText(message.text ?? '').then(() => actions.notify('Copied the text.'), () => undefined),
            onOpenQuote: (seq) => navigate(chatRoute(room.name, seq)),
          })}
        />
        {filesOpen ? (
          <FilesPanel
            room={room.name}
            version={timeline.entries.length}
            asLayer={phone}
            onClose={closeFiles}
            onOpen={(seq) => {
              if (phone) setFilesOpen(false);
              navigate(chatRoute(room.name, seq));
            }}
          />
        ) : null}
        {searchOpen ? (
          <ChatSearchPanel
            room={room.name}
            asLayer={phone}
            onClose={closeSearch}
            onOpen={(seq) => {
              if (phone) setSearchOpen(false);
              navigate(chatRoute(room.name, seq));
            }}
          />
        ) : null}
        {membersOpen && room.kind !== 'direct' ? <MembersPanel members={members} online={state.online} presence={state.presence} owner={room.owner} myPhone={state.me?.phone} asLayer={phone} onClose={closeMembers} /> : null}
      </div>
      {/* Always there, so that screen readers hear each change of who is typing. */}
      <div className="typing-line" role="status" aria-live="polite">
        {typingText(state.typing[room.name] ?? [])}
      </div>
      <Composer
        key={room.name}
        room={room.name}
        roomTitle={title}
        mode={mode}
        members={(members ?? []).filter((m) => m.phone !== state.me?.phone)}
        onSend={(text, mentions, attachments) =>
          actions.send(room.name, text, { ...(mode?.kind === 'reply' ? { replyTo: mode.message.seq } : {}), ...(mentions.length ? { mentions } : {}), ...(attachments.length ? { attachments } : {}) })
        }
        onEdit={(seq, text) => void actions.editMessage(room.name, seq, text)}
        onEditLast={() => {
          const last = lastOwnMessage(timeline.entries, state.me?.phone);
          if (last) setMode({ kind: 'edit', message: last });
        }}
        onCancelMode={() => setMode(null)}
        onTyping={(typing) => actions.typing(room.name, typing)}
      />
      {deleting !== null ? (
        <ConfirmModal
          title="Delete this message?"
          message="It is deleted for everyone in the chat. This cannot be undone."
          confirmLabel="Delete message"
          onConfirm={() => actions.deleteMessage(room.name, deleting)}
          onClose={() => setDeleting(null)}
        />
      ) : null}
      {adding ? <AddPeopleModal room={room.name} title={title} onClose={() => setAdding(false)} /> : null}
      {confirm === 'delete' ? (
        <ConfirmModal
          title={`Delete ${title}?`}
          message={`The ${place} and all its messages are deleted for everyone. This cannot be undone.`}
          confirmLabel={`Delete ${place}`}
          onConfirm={() => actions.deleteRoom(room.name)}
          onClose={() => setConfirm(null)}
        />
      ) : null}
      {confirm === 'leave' ? (
        <ConfirmModal title={`Leave ${title}?`} message={leaveText(room, members, state.me?.phone)} confirmLabel="Leave" onConfirm={() => actions.leave(room.name)} onClose={() => setConfirm(null)} />
      ) : null}
    </main>
  );
}

/** One's newest message that can still be edited (not deleted). */
function lastOwnMessage(entries: readonly HistoryEntry[], phone: string | undefined): MessageEvent | undefined {
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i];
    if (e?.type === 'message' && e.from.phone === phone && !e.deleted) return e;
  }
  return undefined;
}
