import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import type { ConnectionState, HistoryEntry, MessageEvent, OutboxMessage, PublicUser, Receipt, RoomKind, User } from '@parley/client';
import { saveScrollPlace } from '../hooks/use-route.js';
import type { Timeline } from '../lib/chat-types.js';
import { dayKey } from '../lib/format.js';
import { plural } from '../lib/plural.js';
import { readPoints } from '../lib/read-points.js';
import { systemText } from '../lib/system-text.js';
import { DaySeparator } from './day-separator.js';
import { Icon } from './icon.js';
import { Lightbox } from './lightbox.js';
import { MessageBubble, type DeliveryState, type MessageHandlers } from './message-bubble.js';
import { isInlineImage } from './message-attachments.js';
import { ReadersRow, SeenMark } from './read-receipts.js';
import { SystemLine } from './system-line.js';

interface MessageListProps {
  room: string;
  kind: RoomKind;
  /** The room's newest seq on the server (the window may end before it). */
  lastSeq: number;
  timeline: Timeline;
  outbox: readonly OutboxMessage[];
  connection: ConnectionState;
  me: User | null;
  /** The room's members, to name those a message mentions. */
  members?: readonly PublicUser[] | undefined;
  /** How far the other members have read (none while one's own receipts are off). */
  receipts?: readonly Receipt[] | undefined;
  onLoadOlder: () => void;
  onLoadNewer: () => void;
  onJumpToLatest: () => void;
  /** The target (a link, a kept place) is in view now. */
  onReached: () => void;
  onOpenLink: (seq: number) => void;
  onRetry: (clientMsgId: string) => void;
  onDiscard: (clientMsgId: string) => void;
  /** Reply, react, edit, delete and copy for one stored message. */
  handlersFor: (message: MessageEvent) => MessageHandlers;
}

/** Close enough to an end (px) to fetch the next page that way. */
const loadThreshold = 160;
/** Close enough to the bottom (px) to count as reading the newest. */
const pinnedSlack = 48;

function deliveryOf(message: OutboxMessage, connection: ConnectionState): DeliveryState {
  if (message.status === 'failed') return 'failed';
  return connection === 'open' ? 'sending' : 'queued';
}

/**
 * The stream: messages and system lines in seq order with day separators and the "New
 * messages" divider, then what is still in the outbox. Opens at the target, the first unread
 * or the newest; stays pinned to the bottom while one reads the newest, keeps its place when
 * older pages are added on top, and offers a way back down, with a count, when one is not.
 */
export function MessageList(props: MessageListProps) {
  const { room, kind, lastSeq, timeline, outbox, connection, me } = props;
  const [viewing, setViewing] = useState<string | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  const placed = useRef(false);
  const previous = useRef<{ firstSeq: number | undefined; height: number; outbox: number } | null>(null);
  const saveTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [away, setAway] = useState<{ lastSeenSeq: number } | null>(null);
  const [highlight, setHighlight] = useState<number | null>(null);
  const sentIds = new Set(timeline.entries.flatMap((e) => (e.type === 'message' ? [e.clientMsgId] : [])));
  const waiting = outbox.filter((m) => m.room === room && !sentIds.has(m.clientMsgId));
  const newest = timeline.entries[timeline.entries.length - 1]?.seq ?? 0;

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const firstSeq = timeline.entries[0]?.seq;
    const before = previous.current;
    if (!placed.current && timeline.loaded) {
      placed.current = true;
      placeAtStart(el);
    } else if (timeline.target && timeline.loaded && el.querySelector(`[data-seq="${timeline.target.seq}"]`)) {
      placeAtStart(el);
    } else if (before && before.firstSeq !== undefined && firstSeq !== undefined && firstSeq < before.firstSeq) {
      el.scrollTop += el.scrollHeight - before.height;
    } else if (pinned.current || (before && waiting.length > before.outbox)) {
      el.scrollTop = el.scrollHeight;
      pinned.current = true;
      setAway(null);
    }
    previous.current = { firstSeq, height: el.scrollHeight, outbox: waiting.length };
    // A first page too short to scroll could never trigger loading by scrolling.
    if (timeline.hasOlder && !timeline.loadingOlder && el.scrollHeight <= el.clientHeight) props.onLoadOlder();
  });

  /** The first view of the room: the target, else the divider at the top, else the bottom. */
  function placeAtStart(el: HTMLDivElement): void {
    const target = timeline.target;
    const targetEl = target ? el.querySelector<HTMLElement>(`[data-seq="${target.seq}"]`) : null;
    if (target && targetEl) {
      if (target.offset === null) {
        el.scrollTop = targetEl.offsetTop - el.clientHeight / 3;
        setHighlight(target.seq);
      } else {
        el.scrollTop = targetEl.offsetTop - target.offset;
      }
      pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < pinnedSlack && !timeline.hasNewer;
      props.onReached();
      return;
    }
    const divider = el.querySelector<HTMLElement>('.unread-divider');
    if (divider && divider.offsetTop > el.clientHeight / 2) {
      el.scrollTop = divider.offsetTop - 8;
      pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < pinnedSlack;
      return;
    }
    el.scrollTop = el.scrollHeight;
    pinned.current = true;
  }

  // What arrived while one was scrolled up.
  useEffect(() => {
    if (!pinned.current && away === null) setAway({ lastSeenSeq: newest });
  }, [newest, away]);

  useEffect(() => () => clearTimeout(saveTimer.current), []);

  const onScroll = () => {
    const el = ref.current;
    if (!el) return;
    const fromBottom = el.scrollHeight - el.scrollTop - el.clientHeight;
    pinned.current = fromBottom < pinnedSlack && !timeline.hasNewer;
    if (pinned.current) setAway(null);
    else if (away === null) setAway({ lastSeenSeq: newest });
    if (el.scrollTop < loadThreshold && timeline.hasOlder && !timeline.loadingOlder) props.onLoadOlder();
    if (fromBottom < loadThreshold && timeline.hasNewer && !timeline.loadingNewer) props.onLoadNewer();
    // Where one stands is kept in the history entry, for Back, Forward and reload.
    clearTimeout(saveTimer.current);
    saveTimer.current = setTimeout(() => saveScrollPlace(placeOf(el, pinned.current)), 250);
  };

  const jumpToLatest = () => {
    const el = ref.current;
    setAway(null);
    setHighlight(null);
    pinned.current = true;
    if (timeline.hasNewer) props.onJumpToLatest();
    else if (el) el.scrollTo({ top: el.scrollHeight });
    saveScrollPlace({ atLatest: true });
  };

  const points = readPoints(timeline.entries, props.receipts ?? [], me?.phone, kind === 'direct');
  const items: ReactNode[] = [];
  let lastDay = '';
  let previousEntry: HistoryEntry | null = null;
  let dividerShown = false;
  for (const entry of timeline.entries) {
    const day = dayKey(entry.ts);
    if (day !== lastDay) {
      items.push(<DaySeparator key={`day-${entry.seq}`} ts={entry.ts} />);
      lastDay = day;
      previousEntry = null;
    }
    if (!dividerShown && timeline.firstUnread !== null && entry.seq >= timeline.firstUnread) {
      dividerShown = true;
      items.push(
        <li key="unread">
          <div className="unread-divider" role="separator" aria-label="New messages">
            <span aria-hidden="true">New messages</span>
          </div>
        </li>,
      );
    }
    if (entry.type === 'system') {
      items.push(<SystemLine key={entry.seq} text={systemText(entry, kind, me)} />);
    } else if (entry.type === 'message') {
      const outgoing = entry.from.phone === me?.phone;
      const continues = previousEntry?.type === 'message' && previousEntry.from.phone === entry.from.phone;
      items.push(
        <MessageBubble
          key={entry.seq}
          message={entry}
          outgoing={outgoing}
          showSender={kind !== 'direct' && !outgoing && !continues}
          senderName={entry.from.name}
          startsRun={!continues}
          highlighted={highlight === entry.seq}
          onOpenLink={props.onOpenLink}
          handlers={props.handlersFor(entry)}
          onOpenImage={setViewing}
          mentioned={entry.mentions?.flatMap((phone) => {
            const name = me && phone === me.phone ? me.name : props.members?.find((m) => m.phone === phone)?.name;
            return name ? [{ name, me: phone === me?.phone }] : [];
          })}
        />,
      );
      const readers = points.readers.get(entry.seq);
      if (points.seen === entry.seq) items.push(<SeenMark key={`seen-${entry.seq}`} />);
      else if (readers) items.push(<ReadersRow key={`readers-${entry.seq}`} readers={readers} />);
    }
    previousEntry = entry;
  }
  if (!timeline.hasNewer) {
    for (const m of waiting) {
      items.push(
        <MessageBubble
          key={m.clientMsgId}
          message={m}
          outgoing
          showSender={false}
          senderName={me?.name ?? ''}
          delivery={deliveryOf(m, connection)}
          error={m.error?.message}
          onRetry={() => props.onRetry(m.clientMsgId)}
          onDiscard={() => props.onDiscard(m.clientMsgId)}
        />,
      );
    }
  }

  const images = timeline.entries.flatMap((e) => (e.type === 'message' && !e.deleted ? (e.attachments ?? []).filter(isInlineImage) : []));
  const viewingIndex = viewing === null ? -1 : images.findIndex((a) => a.id === viewing);
  const unseen = away ? Math.max(0, (timeline.hasNewer ? lastSeq : newest) - away.lastSeenSeq) : 0;
  const showJump = away !== null || timeline.hasNewer;
  return (
    <div className="messages-frame">
      <div className="messages" ref={ref} onScroll={onScroll} tabIndex={0} role="log" aria-label="Messages" aria-busy={!timeline.loaded || timeline.loadingOlder}>
        {timeline.loaded && !timeline.hasOlder ? <p className="messages-start">This is the beginning of the conversation.</p> : null}
        {timeline.loadingOlder ? <p className="messages-start">Loading older messages…</p> : null}
        {timeline.error ? <p className="messages-start" role="alert">{timeline.error}</p> : null}
        {!timeline.loaded && !timeline.error ? <p className="messages-start">{connection === 'open' ? 'Loading messages…' : 'Messages load once you are connected.'}</p> : null}
        <ul className="message-items">{items}</ul>
        {timeline.loadingNewer ? <p className="messages-start">Loading newer messages…</p> : null}
      </div>
      {showJump ? (
        <button type="button" className="jump-latest" onClick={jumpToLatest} aria-label={unseen > 0 ? `Jump to the latest messages, ${plural(unseen, 'new message', 'new messages')}` : 'Jump to the latest messages'}>
          <Icon name="down" />
          {unseen > 0 ? <span className="jump-count">{plural(unseen, 'new message', 'new messages')}</span> : null}
        </button>
      ) : null}
      <p className="visually-hidden" aria-live="polite">
        {unseen > 0 ? `${plural(unseen, 'new message', 'new messages')} below` : ''}
      </p>
      {viewingIndex >= 0 ? <Lightbox images={images} index={viewingIndex} onIndex={(i) => setViewing(images[i]?.id ?? null)} onClose={() => setViewing(null)} /> : null}
    </div>
  );
}

/** The message at the top of the view and how far it is from it, or "at the latest". */
function placeOf(el: HTMLElement, atLatest: boolean): { atLatest: true } | { atLatest: false; seq: number; offset: number } {
  if (atLatest) return { atLatest: true };
  for (const item of el.querySelectorAll<HTMLElement>('[data-seq]')) {
    if (item.offsetTop + item.offsetHeight > el.scrollTop) return { atLatest: false, seq: Number(item.dataset.seq), offset: item.offsetTop - el.scrollTop };
  }
  return { atLatest: true };
}
