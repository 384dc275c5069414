import { useLayoutEffect, useRef, type ReactNode } from 'react';
import type { HistoryEntry, User } from '@parley/client';
import type { Timeline } from '../lib/chat-types.js';
import { dayKey } from '../lib/format.js';
import { DaySeparator } from './day-separator.js';
import { MessageBubble } from './message-bubble.js';
import { SystemLine } from './system-line.js';

interface MessageListProps {
  timeline: Timeline;
  me: User | null;
  showSenders: boolean;
  onLoadOlder: () => void;
  onRetry: (clientMsgId: string) => void;
  onDiscard: (clientMsgId: string) => void;
}

/** Close enough to the top (px) to fetch the page before. */
const loadThreshold = 160;

/**
 * The stream: messages and system lines in seq order with day separators, then what is still
 * being sent. Stays pinned to the bottom while one reads the newest, keeps its place when older
 * pages are added on top.
 */
export function MessageList({ timeline, me, showSenders, onLoadOlder, onRetry, onDiscard }: MessageListProps) {
  const ref = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  const previous = useRef<{ firstSeq: number | undefined; height: number; pending: number } | null>(null);
  const sentIds = new Set(timeline.entries.flatMap((e) => (e.type === 'message' ? [e.clientMsgId] : [])));
  const pending = timeline.pending.filter((p) => !sentIds.has(p.clientMsgId));

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const firstSeq = timeline.entries[0]?.seq;
    const before = previous.current;
    if (before && before.firstSeq !== undefined && firstSeq !== undefined && firstSeq < before.firstSeq) {
      el.scrollTop += el.scrollHeight - before.height;
    } else if (pinned.current || (before && pending.length > before.pending)) {
      el.scrollTop = el.scrollHeight;
      pinned.current = true;
    }
    previous.current = { firstSeq, height: el.scrollHeight, pending: pending.length };
    // A first page too short to scroll could never trigger loading by scrolling.
    if (timeline.hasOlder && !timeline.loadingOlder && el.scrollHeight <= el.clientHeight) onLoadOlder();
  });

  const onScroll = () => {
    const el = ref.current;
    if (!el) return;
    pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
    if (el.scrollTop < loadThreshold && timeline.hasOlder && !timeline.loadingOlder) onLoadOlder();
  };

  const items: ReactNode[] = [];
  let lastDay = '';
  let previousEntry: HistoryEntry | null = null;
  for (const entry of timeline.entries) {
    const day = dayKey(entry.ts);
    if (day !== lastDay) {
      items.push(<DaySeparator key={`day-${entry.seq}`} ts={entry.ts} />);
      lastDay = day;
      previousEntry = null;
    }
    if (entry.type === 'system') {
      items.push(<SystemLine key={entry.seq} text={entry.message} />);
    } else if (entry.type === 'message') {
      const outgoing = entry.from.phone === me?.phone;
      const continues = previousEntry?.type === 'message' && previousEntry.from.phone === entry.from.phone;
      items.push(<MessageBubble key={entry.seq} message={entry} outgoing={outgoing} showSender={showSenders && !outgoing && !continues} senderName={entry.from.name} startsRun={!continues} />);
    }
    previousEntry = entry;
  }
  for (const p of pending) {
    items.push(
      <MessageBubble key={p.clientMsgId} message={p} outgoing showSender={false} senderName={me?.name ?? ''} onRetry={() => onRetry(p.clientMsgId)} onDiscard={() => onDiscard(p.clientMsgId)} />,
    );
  }

  return (
    <div className="messages" ref={ref} onScroll={onScroll} tabIndex={0} role="log" aria-label="Messages" aria-busy={!timeline.loaded || timeline.loadingOlder}>
      {timeline.loaded && !timeline.hasOlder ? <p className="messages-start">This is the beginning of the conversation.</p> : null}
      {timeline.loadingOlder ? <p className="messages-start">Loading older messages…</p> : null}
      {timeline.error ? <p className="messages-start" role="alert">{timeline.error}</p> : null}
      {!timeline.loaded && !timeline.error ? <p className="messages-start">Loading messages…</p> : null}
      <ul className="message-items">{items}</ul>
    </div>
  );
}
