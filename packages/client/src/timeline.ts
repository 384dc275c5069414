import { limits, type EditEvent, type MessageEvent, type ReactionEvent, type ReactionSummary, type RedactEvent, type RoomEvent, type StoredSystemEvent } from '@parley/protocol';

/** A message as it is now: its latest text, whether it was deleted, its reactions as the viewer sees them. */
export interface TimelineMessage extends MessageEvent {
  /** The seq of the newest event folded into this message (its own seq if none). */
  stateSeq: number;
  reactions: ReactionSummary[];
}

export type TimelineItem = { kind: 'message'; seq: number; message: TimelineMessage } | { kind: 'system'; seq: number; event: StoredSystemEvent };

/**
 * One room's conversation as a person sees it, folded from its events: messages in seq order with
 * their current state, and the membership lines between them. Immutable: folding returns a new
 * timeline and leaves the old one as it was (so a UI can compare by reference).
 */
export interface Timeline {
  /** Ascending by seq. */
  readonly items: readonly TimelineItem[];
  /** Changes to messages not (yet) in the timeline, kept until the message arrives (at most a few hundred). */
  readonly orphans: readonly (EditEvent | RedactEvent | ReactionEvent)[];
}

export const emptyTimeline: Timeline = { items: [], orphans: [] };

const maxOrphans = 500;

type Change = EditEvent | RedactEvent | ReactionEvent;

function toMessage(event: MessageEvent): TimelineMessage {
  return { ...event, stateSeq: event.stateSeq ?? event.seq, reactions: event.reactions ?? [] };
}

function react(reactions: ReactionSummary[], change: ReactionEvent, viewerPhone: string | null): ReactionSummary[] {
  const mine = change.from.phone === viewerPhone;
  const existing = reactions.find((r) => r.emoji === change.emoji);
  if (change.on) {
    if (!existing) return [...reactions, { emoji: change.emoji, count: 1, me: mine, users: [change.from] }];
    const users = existing.users.some((u) => u.phone === change.from.phone) || existing.users.length >= limits.reactionUsersShown ? existing.users : [...existing.users, change.from];
    return reactions.map((r) => (r === existing ? { ...r, count: r.count + 1, users, me: mine || (r.me ?? false) } : r));
  }
  if (!existing) return reactions;
  if (existing.count <= 1) return reactions.filter((r) => r !== existing);
  return reactions.map((r) => (r === existing ? { ...r, count: r.count - 1, users: r.users.filter((u) => u.phone !== change.from.phone), me: mine ? false : (r.me ?? false) } : r));
}

/** Applies one change to a message, unless the message already includes it (by stateSeq). */
function applyChange(message: TimelineMessage, change: Change, viewerPhone: string | null): TimelineMessage {
  if (change.seq <= message.stateSeq) return message;
  switch (change.type) {
    case 'edit':
      return change.text === undefined ? { ...message, stateSeq: change.seq } : { ...message, text: change.text, editedAt: change.ts, stateSeq: change.seq };
    case 'redact': {
      const { text: _text, attachments: _attachments, ...rest } = message;
      return { ...rest, deleted: true, reactions: [], stateSeq: change.seq };
    }
    case 'reaction':
      return { ...message, reactions: react(message.reactions, change, viewerPhone), stateSeq: change.seq };
  }
}

/** Merges a newer view of a message (a history page) with what was folded into it already. */
function mergeMessage(current: TimelineMessage | undefined, incoming: TimelineMessage): TimelineMessage {
  if (!current) return incoming;
  if (incoming.stateSeq > current.stateSeq) {
    // A frame that is the same for every viewer does not say which reactions are ours: keep ours.
    const reactions = incoming.reactions.map((r) => (r.me === undefined ? { ...r, me: current.reactions.find((c) => c.emoji === r.emoji)?.me ?? false } : r));
    return { ...incoming, reactions };
  }
  return current;
}

/**
 * Folds events (pushed live, read from history, in any order, each possibly more than once) into
 * the timeline. `viewerPhone` is the signed-in user, whose own reactions are marked `me`.
 */
export function foldTimeline(timeline: Timeline, events: readonly RoomEvent[], viewerPhone: string | null): Timeline {
  if (events.length === 0) return timeline;
  const bySeq = new Map<number, TimelineItem>(timeline.items.map((item) => [item.seq, item]));
  const pending: Change[] = [...timeline.orphans];
  for (const event of events) {
    switch (event.type) {
      case 'message': {
        const current = bySeq.get(event.seq);
        bySeq.set(event.seq, { kind: 'message', seq: event.seq, message: mergeMessage(current?.kind === 'message' ? current.message : undefined, toMessage(event)) });
        break;
      }
      case 'system':
        bySeq.set(event.seq, { kind: 'system', seq: event.seq, event });
        break;
      default:
        pending.push(event);
    }
  }
  const orphans: Change[] = [];
  for (const change of pending.sort((a, b) => a.seq - b.seq)) {
    const item = bySeq.get(change.target);
    if (item?.kind === 'message') bySeq.set(change.target, { ...item, message: applyChange(item.message, change, viewerPhone) });
    else if (!item) orphans.push(change);
  }
  const items = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  return { items, orphans: orphans.slice(-maxOrphans) };
}

/** The message of a timeline with this seq, if loaded. */
export function timelineMessage(timeline: Timeline, seq: number): TimelineMessage | undefined {
  const item = timeline.items.find((i) => i.seq === seq);
  return item?.kind === 'message' ? item.message : undefined;
}
