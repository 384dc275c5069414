import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { ClientFrameType } from './client-frames.js';
import { ParleyError } from './errors.js';
import { historyQuery, passwordBody, searchQuery, signinBody, signupBody } from './http.js';
import { limits } from './rules.js';
import { FrameError, parseClientFrame, parseInput } from './validate.js';

// A valid example of every client frame, with every optional string field present.
const frames: { [T in ClientFrameType]: Record<string, unknown> } = {
  auth: { token: 'abc' },
  ping: {},
  create_room: { room: 'General', description: 'About things', isPrivate: false, maxParticipants: 10 },
  create_group: { room: 'Weekend', members: ['15550100002'], description: 'Plans' },
  invite: { room: 'Weekend', members: ['15550100002'] },
  join: { room: 'General' },
  leave: { room: 'General' },
  delete_room: { room: 'General' },
  private: { phone: '15550100002' },
  message: { room: 'General', text: 'hello', clientMsgId: 'm-1', mentions: ['15550100002'] },
  edit: { room: 'General', target: 2, text: 'hello again' },
  delete_message: { room: 'General', target: 2 },
  react: { room: 'General', target: 2, emoji: '👍', on: true },
  accept_invitation: { room: 'Weekend' },
  decline_invitation: { room: 'Weekend', block: true },
  history: { room: 'General', before: 10, limit: 5 },
  read: { room: 'General', seq: 3 },
  typing: { room: 'General', typing: true },
  status: { status: 'busy', text: 'In a meeting', emoji: '📅', until: '2099-01-01T00:00:00Z' },
  active: {},
};

const bodies: [string, z.ZodType, Record<string, unknown>][] = [
  ['sign-up', signupBody, { name: 'Ann', phone: '15550100001', password: 'correct horse' }],
  ['sign-in', signinBody, { phone: '15550100001', password: 'correct horse' }],
  ['password change', passwordBody, { oldPassword: 'correct horse', newPassword: 'new password 1' }],
  ['query', searchQuery, { q: 'ann', limit: '5' }],
  ['query', historyQuery, { before: '10', limit: '5' }],
];

/** Every path to a string inside `value` (array elements included), with the string there. */
function stringPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'string') return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringPaths(v, [...path, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => stringPaths(v, [...path, k]));
  return [];
}

/** A copy of `value` with a NUL put in the middle of the string at `path`. */
function withNul(value: Record<string, unknown>, path: (string | number)[]): Record<string, unknown> {
  const copy = structuredClone(value);
  let at: any = copy;
  for (const key of path.slice(0, -1)) at = at[key];
  const last = path.at(-1)!;
  const s = at[last] as string;
  at[last] = `${s.slice(0, 1)}\u0000${s.slice(1)}`;
  return copy;
}

describe('every string the protocol accepts', () => {
  it('accepts the valid examples as they are', () => {
    for (const [type, body] of Object.entries(frames)) expect(parseClientFrame(JSON.stringify({ type, id: 'x', ...body })).type).toBe(type);
    for (const [what, schema, body] of bodies) expect(() => parseInput(schema, body, what)).not.toThrow();
  });

  it('refuses U+0000 in any string field of any client frame, naming the field', () => {
    let checked = 0;
    for (const [type, body] of Object.entries(frames)) {
      for (const path of stringPaths(body)) {
        const frame = { type, id: 'x', ...withNul(body, path) };
        let error: unknown;
        try {
          parseClientFrame(JSON.stringify(frame));
        } catch (e) {
          error = e;
        }
        expect(error, `${type}.${path.join('.')} with NUL`).toBeInstanceOf(FrameError);
        expect((error as FrameError).code).toBe('invalid_input');
        expect((error as FrameError).fields?.[0]?.field).toBe(path.join('.'));
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(17);
  });

  it('refuses U+0000 in a frame id, and in any string of an HTTP body or query', () => {
    expect(() => parseClientFrame(JSON.stringify({ type: 'ping', id: 'a\u0000' }))).toThrow(FrameError);
    for (const [what, schema, body] of bodies) {
      for (const path of stringPaths(body)) {
        try {
          parseInput(schema, withNul(body, path), what);
          expect.unreachable(`${what}.${path.join('.')} with NUL was accepted`);
        } catch (error) {
          expect(error).toBeInstanceOf(ParleyError);
          expect((error as ParleyError).fields?.[0]?.field).toBe(path.join('.'));
        }
      }
    }
  });

  it('keeps every seq within 2^31 − 1, the integer column of PostgreSQL', () => {
    expect(limits.seqMax).toBe(2 ** 31 - 1);
    expect(parseClientFrame(JSON.stringify({ type: 'read', room: 'G', seq: limits.seqMax })).type).toBe('read');
    for (const frame of [
      { type: 'read', room: 'G', seq: 2 ** 31 },
      { type: 'history', room: 'G', before: 2 ** 31 },
      { type: 'history', room: 'G', after: 2 ** 53 },
    ]) {
      expect(() => parseClientFrame(JSON.stringify(frame)), JSON.stringify(frame)).toThrow(/must be at most 2147483647/);
    }
    expect(() => parseInput(historyQuery, { after: String(2 ** 31) }, 'query')).toThrow(/after must be at most 2147483647/);
    expect(parseInput(historyQuery, { before: String(limits.seqMax) }, 'query')).toEqual({ before: limits.seqMax });
  });
});
