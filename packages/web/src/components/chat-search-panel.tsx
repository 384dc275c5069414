// limits, not the search module's constant: importing that module would bring its zod schemas
// into the page, and zod probes for eval, which the Content-Security-Policy refuses.
import { limits, type MessageSearchResult } from '@parley/client';
import { useEffect, useState } from 'react';
import { useChatContext } from '../hooks/use-chat.js';
import { useDebounced } from '../hooks/use-debounced.js';
import { describeError } from '../lib/errors.js';
import { plural } from '../lib/plural.js';
import { Icon } from './icon.js';
import { FoundMessage } from './search-results.js';
import { SidePanel } from './side-panel.js';

interface ChatSearchPanelProps {
  room: string;
  /** Opens the chat at a found message (history loaded around it). */
  onOpen: (seq: number) => void;
  /** On a phone: a dialog over the chat, as the files panel is. */
  asLayer: boolean;
  onClose: () => void;
}

interface Found {
  query: string;
  results: MessageSearchResult[];
  total: number;
}

const debounceMs = 250;

/** Search within one chat (the search language's operators work here too), results as one types. */
export function ChatSearchPanel({ room, onOpen, asLayer, onClose }: ChatSearchPanelProps) {
  const { store } = useChatContext();
  const [text, setText] = useState('');
  const query = useDebounced(text.trim(), debounceMs);
  const [found, setFound] = useState<Found | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!query) {
      setFound(null);
      setError(null);
      return;
    }
    let current = true;
    store.client.searchMessages({ q: query, room, tz: Intl.DateTimeFormat().resolvedOptions().timeZone }).then(
      (reply) => current && (setFound({ query, results: reply.results, total: reply.total }), setError(null)),
      (e: unknown) => current && (setFound(null), setError(describeError(e))),
    );
    return () => {
      current = false;
    };
  }, [query, room, store]);

  const loading = text.trim() !== '' && found?.query !== text.trim() && !error;
  return (
    <SidePanel id="chat-search-panel" title="Search in this chat" className="chat-search-panel" asLayer={asLayer} onClose={onClose}>
      <div className="search-box">
        <Icon name="search" className="search-icon" />
        <input type="search" aria-label="Search in this chat" placeholder="Words, from:, has:file, before:…" value={text} autoFocus onChange={(e) => setText(e.target.value)} />
      </div>
      {error ? <p className="list-empty" role="alert">{error}</p> : null}
      <p className="list-empty" role="status" aria-live="polite">
        {loading ? 'Searching…' : found ? (found.total === 0 ? 'No messages found.' : `${found.total >= limits.messageSearchTotalMax ? 'At least ' : ''}${plural(found.total, 'message', 'messages')} found`) : ''}
      </p>
      {found && found.results.length > 0 ? (
        <ul className="room-list" aria-label="Messages found in this chat">
          {found.results.map((m) => (
            <li key={m.seq}>
              <FoundMessage message={m} title={m.from.name} onOpen={() => onOpen(m.seq)} />
            </li>
          ))}
        </ul>
      ) : null}
    </SidePanel>
  );
}
