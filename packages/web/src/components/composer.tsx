import { limits } from '@parley/client';
import type { MessageEvent, User } from '@parley/client';
import { useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { useChatContext, useDrafts } from '../hooks/use-chat.js';
import { touchFirst, useMedia } from '../hooks/use-media.js';
import { plural } from '../lib/plural.js';
import { EmojiButton } from './emoji-button.js';
import { Icon } from './icon.js';
import { usePlainText } from './message-text.js';

const maxChars = limits.textMax;

/** A reply being written, or one's own message being edited. */
export type ComposerMode = { kind: 'reply'; message: MessageEvent } | { kind: 'edit'; message: MessageEvent } | null;

interface ComposerProps {
  room: string;
  roomTitle: string;
  mode: ComposerMode;
  /** The room's other members, offered after `@`. */
  members: readonly User[];
  onSend: (text: string, mentions: string[]) => void;
  onEdit: (seq: number, text: string) => void;
  /** ↑ in an empty composer: edit one's last message. */
  onEditLast: () => void;
  onCancelMode: () => void;
  /** Called on every change: whether there is something being written. */
  onTyping: (typing: boolean) => void;
}

/**
 * Where a message is written, kept as the room's draft while one types. With a keyboard, Enter
 * sends and Shift+Enter starts a new line; on a touch screen Enter starts a new line and the
 * send button sends, as soft keyboards have no Shift+Enter.
 */
/** `@` and what follows it, right before the caret, at the start or after a space. */
const mentionQuery = /(^|\s)@([^\s@]{0,30})$/;
const maxSuggestions = 6;

export function Composer({ room, roomTitle, mode, members, onSend, onEdit, onEditLast, onCancelMode, onTyping }: ComposerProps) {
  const [query, setQuery] = useState<string | null>(null);
  const plain = usePlainText();
  const [active, setActive] = useState(0);
  /** Who was picked from the suggestions, by the name written: sent as `mentions` while `@Name` is still in the text. */
  const picked = useRef(new Map<string, string>());
  const { drafts } = useChatContext();
  const kept = useDrafts()[room] ?? '';
  const [text, setText] = useState(kept);
  const adopted = useRef(drafts.loaded);
  const ref = useRef<HTMLTextAreaElement>(null);
  const touch = useMedia(touchFirst);
  const length = Array.from(text).length;
  const canSend = text.trim().length > 0 && length <= maxChars;

  // Drafts load from IndexedDB after the first paint: take the kept one if nothing was typed yet.
  if (!adopted.current && drafts.loaded) {
    adopted.current = true;
    if (text === '' && kept !== '') setText(kept);
  }

  const editing = mode?.kind === 'edit' ? mode.message : null;
  // Editing puts the message's text in the box and leaves the draft as it was, for afterwards
  // (before paint, so the box never shows the wrong text).
  useLayoutEffect(() => {
    setText(editing ? (editing.text ?? '') : (drafts.get(room) ?? ''));
    if (mode) ref.current?.focus();
  }, [mode]);

  // Grows with its text up to a few lines, then scrolls.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 160)}px`;
  }, [text]);

  /** Puts an emoji from the picker where the caret was (over the selection, if any). */
  function insertEmoji(emoji: string) {
    const el = ref.current;
    const start = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? start;
    const value = text.slice(0, start) + emoji + text.slice(end);
    const caret = start + emoji.length;
    change(value, caret);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(caret, caret);
    });
  }

  function change(value: string, caret = value.length) {
    setText(value);
    if (!editing) {
      drafts.set(room, value);
      onTyping(value.trim() !== '');
    }
    const match = mentionQuery.exec(value.slice(0, caret));
    setQuery(match ? (match[2] ?? '') : null);
    setActive(0);
  }

  const suggestions = query === null ? [] : members.filter((m) => m.name.toLowerCase().includes(query.toLowerCase())).slice(0, maxSuggestions);

  function pick(user: User) {
    const el = ref.current;
    const caret = el?.selectionStart ?? text.length;
    const before = text.slice(0, caret).replace(mentionQuery, (_m, space: string) => `${space}@${user.name} `);
    picked.current.set(user.name, user.phone);
    change(before + text.slice(caret), before.length);
    setQuery(null);
    requestAnimationFrame(() => el?.setSelectionRange(before.length, before.length));
    el?.focus();
  }

  function mentionsIn(value: string): string[] {
    return [...new Set([...picked.current].filter(([name]) => value.includes(`@${name}`)).map(([, phone]) => phone))];
  }

  function send(event?: FormEvent) {
    event?.preventDefault();
    if (!canSend) return;
    if (editing) {
      if (text !== editing.text) onEdit(editing.seq, text);
      onCancelMode();
    } else {
      onSend(text, mentionsIn(text));
      picked.current.clear();
      change('');
      if (mode) onCancelMode();
    }
    ref.current?.focus();
  }

  const over = length - maxChars;
  return (
    <form className="composer" onSubmit={send}>
      {mode ? (
        <div className="composer-mode" role="status">
          <span className="composer-mode-label">{mode.kind === 'edit' ? 'Editing your message' : `Replying to ${mode.message.from.name}`}</span>
          {mode.kind === 'reply' ? <span className="composer-mode-quote">{plain(mode.message.text ?? '')}</span> : null}
          <button type="button" className="link" onClick={onCancelMode} aria-label={mode.kind === 'edit' ? 'Cancel editing' : 'Cancel reply'}>
            Cancel
          </button>
        </div>
      ) : null}
      <textarea
        ref={ref}
        rows={1}
        aria-label="Message"
        placeholder={`Message ${roomTitle}`}
        value={text}
        autoFocus={!touch}
        enterKeyHint={touch ? 'enter' : 'send'}
        aria-controls={suggestions.length > 0 ? 'mention-suggestions' : undefined}
        aria-autocomplete="list"
        aria-activedescendant={suggestions.length > 0 ? `mention-${active}` : undefined}
        onChange={(e) => change(e.target.value, e.target.selectionStart)}
        onKeyDown={(e) => {
          if (suggestions.length > 0) {
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              setActive((i) => (i + (e.key === 'ArrowDown' ? 1 : suggestions.length - 1)) % suggestions.length);
              return;
            }
            if (e.key === 'Enter' || e.key === 'Tab') {
              e.preventDefault();
              const user = suggestions[active];
              if (user) pick(user);
              return;
            }
            if (e.key === 'Escape') {
              e.preventDefault();
              setQuery(null);
              return;
            }
          }
          if (e.key === 'Enter' && !e.shiftKey && !touch && !e.nativeEvent.isComposing) send(e);
          else if (e.key === 'Escape' && mode) {
            e.preventDefault();
            onCancelMode();
          } else if (e.key === 'ArrowUp' && text === '' && !mode) {
            e.preventDefault();
            onEditLast();
          }
        }}
      />
      {suggestions.length > 0 ? (
        <ul className="mention-suggestions" id="mention-suggestions" role="listbox" aria-label="People to mention">
          {suggestions.map((user, i) => (
            <li
              key={user.phone}
              id={`mention-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'is-active' : undefined}
              onMouseDown={(e) => {
                // Keeps the focus in the box.
                e.preventDefault();
                pick(user);
              }}
            >
              {user.name}
            </li>
          ))}
        </ul>
      ) : null}
      {over > 0 ? (
        <span className="composer-over" role="alert">
          {plural(over, 'character', 'characters')} too long
        </span>
      ) : null}
      <EmojiButton label="Insert an emoji" className="icon-btn composer-emoji" onPick={insertEmoji}>
        <span aria-hidden="true">😊</span>
      </EmojiButton>
      <button type="submit" className="btn btn-primary send-btn" aria-label="Send" disabled={!canSend}>
        <Icon name="send" />
      </button>
    </form>
  );
}
