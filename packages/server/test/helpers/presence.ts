import type { Frame } from './socket.js';

/**
 * The presence entries one frame carries: a lone `presence` frame is one entry, a batched
 * `presences` frame (several changes inside one batching window) is many. Tests that wait for
 * a change must accept both, or they fail whenever two changes happen to share a window.
 */
export function presenceEntries(frame: Frame): Frame[] {
  if (frame.type === 'presence') return [frame];
  if (frame.type === 'presences') return frame.users as Frame[];
  return [];
}

/** Matches a frame that says `phone` now has every one of `fields` (`online`, `status`, …). */
export const presenceAbout =
  (phone: string, fields: Frame = {}) =>
  (frame: Frame): boolean =>
    presenceEntries(frame).some((entry) => entry.phone === phone && Object.entries(fields).every(([key, value]) => entry[key] === value));

/** Every presence entry about `phone` in `frames`, in the order they came. */
export function presenceOf(frames: Frame[], phone: string): Frame[] {
  return frames.flatMap(presenceEntries).filter((entry) => entry.phone === phone);
}
