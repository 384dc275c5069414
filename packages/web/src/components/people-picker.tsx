import { useId, useState } from 'react';
import type { FoundUser, ParleyClient } from '@parley/client';
import { useSearch } from '../hooks/use-search.js';
import { formatPhone } from '../lib/phone.js';
import { Avatar } from './avatar.js';

interface PeoplePickerProps {
  client: ParleyClient;
  myPhone: string | undefined;
  picked: FoundUser[];
  onChange: (picked: FoundUser[]) => void;
  error?: string | undefined;
}

/** Search for people and collect them as removable chips. */
export function PeoplePicker({ client, myPhone, picked, onChange, error }: PeoplePickerProps) {
  const [query, setQuery] = useState('');
  const results = useSearch(client, query, true);
  const id = useId();
  const pickedPhones = new Set(picked.map((p) => p.phone));
  const candidates = results.users.filter((u) => u.phone !== myPhone && !pickedPhones.has(u.phone));

  const add = (user: FoundUser) => {
    onChange([...picked, user]);
    setQuery('');
  };

  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>Add people</label>
      {picked.length > 0 ? (
        <ul className="chips" aria-label="People in the group">
          {picked.map((p) => (
            <li key={p.phone} className="chip">
              <Avatar name={p.name} colorKey={p.phone} size="sm" />
              <span>{p.name}</span>
              <button type="button" className="chip-remove" aria-label={`Remove ${p.name}`} onClick={() => onChange(picked.filter((x) => x.phone !== p.phone))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <input
        id={id}
        type="search"
        placeholder="Search by name or phone"
        value={query}
        aria-describedby={error ? `${id}-error` : undefined}
        aria-invalid={error ? true : undefined}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          // Enter picks the first match instead of submitting the whole form.
          if (e.key === 'Enter') {
            e.preventDefault();
            const first = candidates[0];
            if (first && query.trim()) add(first);
          }
        }}
      />
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
      {query.trim() ? (
        candidates.length > 0 ? (
          <ul className="picker-results" aria-label="People to add">
            {candidates.map((u) => (
              <li key={u.phone}>
                <button type="button" className="picker-result" aria-label={`Add ${u.name}, ${formatPhone(u.phone)}`} onClick={() => add(u)}>
                  <Avatar name={u.name} colorKey={u.phone} size="sm" />
                  <span className="picker-name">{u.name}</span>
                  <span className="picker-phone">{formatPhone(u.phone)}</span>
                  <span className="picker-add" aria-hidden="true">Add</span>
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p className="field-hint">{results.error ?? (results.loading ? 'Searching…' : 'No one found.')}</p>
        )
      ) : null}
    </div>
  );
}
