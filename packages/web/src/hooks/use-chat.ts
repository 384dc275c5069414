import { createContext, useContext, useSyncExternalStore } from 'react';
import type { ChatActions } from '../lib/chat-actions.js';
import type { ChatStore } from '../lib/chat-store.js';
import type { ChatState } from '../lib/chat-types.js';
import type { DraftBook } from '../lib/draft-book.js';
import type { Notifier } from '../lib/notifier.js';
import type { Navigate } from './use-route.js';

export interface ChatContextValue {
  store: ChatStore;
  actions: ChatActions;
  drafts: DraftBook;
  notifier: Notifier;
  navigate: Navigate;
}

export const ChatContext = createContext<ChatContextValue | null>(null);

export function useChatContext(): ChatContextValue {
  const value = useContext(ChatContext);
  if (!value) throw new Error('useChatContext outside the chat page');
  return value;
}

/** The chat state; the component renders again whenever it changes. */
export function useChatState(): ChatState {
  const { store } = useChatContext();
  return useSyncExternalStore(store.subscribe, store.getState);
}

/** Every room's draft; the component renders again whenever one changes. */
export function useDrafts(): Readonly<Record<string, string>> {
  const { drafts } = useChatContext();
  return useSyncExternalStore(drafts.subscribe, drafts.snapshot);
}
