import { useEffect, useState } from 'react';
import type { ParleyClient } from '@parley/client';
import { ChatContext } from '../hooks/use-chat.js';
import { ChatActions } from '../lib/chat-actions.js';
import { ChatStore } from '../lib/chat-store.js';
import { ChatLayout } from '../components/chat-layout.js';

interface ChatPageProps {
  client: ParleyClient;
  onSignOut: () => void;
  onSessionEnded: () => void;
}

/** The signed-in app: one store fed by the SDK, shared by every part of the page. */
export function ChatPage({ client, onSignOut, onSessionEnded }: ChatPageProps) {
  const [context] = useState(() => {
    const store = new ChatStore(client, onSessionEnded);
    return { store, actions: new ChatActions(store) };
  });

  useEffect(() => {
    context.store.start();
    return () => context.store.stop();
  }, [context]);

  // A room that got messages while the tab was hidden is marked read when one comes back to it.
  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === 'visible') context.store.markActiveRead();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [context]);

  return (
    <ChatContext.Provider value={context}>
      <ChatLayout onSignOut={onSignOut} />
    </ChatContext.Provider>
  );
}
