import { useEffect, useState } from 'react';
import type { FoundUser, MessageSearchResult, ParleyClient, Room } from '@parley/client';
import { describeError } from '../lib/errors.js';
import { useDebounced } from './use-debounced.js';

export interface SearchResults {
  query: string;
  users: FoundUser[];
  rooms: Room[];
  /** Messages in one's rooms matching the words (not looked up when `usersOnly`). */
  messages: MessageSearchResult[];
  loading: boolean;
  error: string | null;
}

const debounceMs = 250;

/** Users (and, unless `usersOnly`, rooms) matching what is typed, fetched once typing pauses. */
export function useSearch(client: ParleyClient, text: string, usersOnly = false): SearchResults {
  const query = useDebounced(text.trim(), debounceMs);
  const [results, setResults] = useState<SearchResults>({ query: '', users: [], rooms: [], messages: [], loading: false, error: null });

  useEffect(() => {
    if (!query) {
      setResults({ query: '', users: [], rooms: [], messages: [], loading: false, error: null });
      return;
    }
    let current = true;
    setResults((r) => ({ ...r, loading: true }));
    Promise.all([
      client.searchUsers(query),
      usersOnly ? Promise.resolve([]) : client.searchRooms(query),
      usersOnly ? Promise.resolve({ results: [] }) : client.searchMessages({ q: query, tz: Intl.DateTimeFormat().resolvedOptions().timeZone }),
    ]).then(
      ([users, rooms, found]) => {
        if (current) setResults({ query, users, rooms, messages: found.results, loading: false, error: null });
      },
      (error: unknown) => {
        if (current) setResults({ query, users: [], rooms: [], messages: [], loading: false, error: describeError(error) });
      },
    );
    return () => {
      current = false;
    };
  }, [client, query, usersOnly]);

  // While the debounce runs, the last results stay but are marked as loading.
  return text.trim() && text.trim() !== results.query ? { ...results, loading: true } : results;
}
