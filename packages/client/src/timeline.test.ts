import type { MessageEvent, RoomEvent } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { emptyTimeline, foldTimeline, timelineMessage } from './timeline.js';

const ann = { name: 'Ann', phone: '111111' };
const bob = { name: 'Bob', phone: '222222' };
const base = { room: 'r', ts: '2026-12-01T00:00:00.000Z' };
const message = (seq: number, text: string, extra: Partial<MessageEvent> = {}): MessageEvent => ({ type: 'message', ...base, seq, from: ann, text, clientMsgId: `c${seq}`, ...extra });
const edit = (seq: number, target: number, text: string): RoomEvent => ({ type: 'edit', ...base, seq, target, text, from: ann });
const redact = (seq: number, target: number): RoomEvent => ({ type: 'redact', ...base, seq, target, from: ann });
const reaction = (seq: number, target: number, emoji: string, on: boolean, from = bob): RoomEvent => ({ type: 'reaction', ...base, seq, target, emoji, on, from });

describe('foldTimeline', () => {
  it('orders messages by seq and applies changes to them, each once', () => {
    const events: RoomEvent[] = [message(2, 'two'), message(1, 'one'), edit(3, 1, 'one!'), reaction(4, 2, '👍', true), reaction(4, 2, '👍', true)];
    const timeline = foldTimeline(emptyTimeline, events, ann.phone);
    expect(timeline.items.map((i) => i.seq)).toEqual([1, 2]);
    expect(timelineMessage(timeline, 1)).toMatchObject({ text: 'one!', editedAt: base.ts, stateSeq: 3 });
    expect(timelineMessage(timeline, 2)?.reactions).toEqual([{ emoji: '👍', count: 1, me: false, users: [bob] }]);
  });

  it('gives the same result whatever the order and however often events come', () => {
    const events: RoomEvent[] = [message(1, 'hi'), reaction(2, 1, '🎉', true, ann), reaction(3, 1, '🎉', true, bob), reaction(4, 1, '🎉', false, ann), edit(5, 1, 'hello')];
    const forward = foldTimeline(emptyTimeline, events, ann.phone);
    const shuffled = foldTimeline(foldTimeline(emptyTimeline, [...events].reverse(), ann.phone), events, ann.phone);
    expect(shuffled.items).toEqual(forward.items);
    expect(timelineMessage(forward, 1)).toMatchObject({ text: 'hello', reactions: [{ emoji: '🎉', count: 1, me: false, users: [bob] }] });
  });

  it('keeps a change to a message that is not loaded yet, and applies it when the message comes', () => {
    const early = foldTimeline(emptyTimeline, [edit(7, 5, 'late text')], ann.phone);
    expect(early.items).toEqual([]);
    const later = foldTimeline(early, [message(5, 'first text')], ann.phone);
    expect(timelineMessage(later, 5)?.text).toBe('late text');
    expect(later.orphans).toEqual([]);
  });

  it('does not undo what a newer snapshot already holds', () => {
    const snapshot = message(1, 'final', { editedAt: base.ts, stateSeq: 9, reactions: [{ emoji: '👍', count: 2, me: true, users: [ann, bob] }] });
    const timeline = foldTimeline(emptyTimeline, [snapshot, edit(3, 1, 'older'), reaction(4, 1, '👍', true)], ann.phone);
    expect(timelineMessage(timeline, 1)).toMatchObject({ text: 'final', stateSeq: 9, reactions: [{ count: 2 }] });
    // An older snapshot arriving after does not replace the newer state either.
    expect(timelineMessage(foldTimeline(timeline, [message(1, 'first')], ann.phone), 1)?.text).toBe('final');
  });

  it('shows a deleted message without its text or reactions, and membership lines between messages', () => {
    const system: RoomEvent = { type: 'system', event: 'join', ...base, seq: 2, user: bob, message: 'Bob has joined the room r.' };
    const timeline = foldTimeline(emptyTimeline, [message(1, 'secret'), system, reaction(3, 1, '👍', true), redact(4, 1)], ann.phone);
    expect(timeline.items.map((i) => i.kind)).toEqual(['message', 'system']);
    const gone = timelineMessage(timeline, 1)!;
    expect(gone.deleted).toBe(true);
    expect(gone).not.toHaveProperty('text');
    expect(gone.reactions).toEqual([]);
  });

  it('leaves the timeline it was given untouched', () => {
    const first = foldTimeline(emptyTimeline, [message(1, 'a')], ann.phone);
    const copy = JSON.stringify(first);
    foldTimeline(first, [edit(2, 1, 'b')], ann.phone);
    expect(JSON.stringify(first)).toBe(copy);
  });
});
