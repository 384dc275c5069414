import type { RoomEvent, RoomEventType } from './room-events.js';

// Apart from the schemas (room-events.ts), so that a browser client routing frames does not load
// the schema library with them.
export const roomEventTypes: readonly RoomEventType[] = ['message', 'edit', 'redact', 'reaction', 'system'];

/** Whether a frame is a room event (the room-deleted notice is a `system` frame too, but has no seq). */
export function isRoomEvent(frame: { type?: unknown; seq?: unknown }): frame is RoomEvent {
  return (roomEventTypes as readonly unknown[]).includes(frame.type) && typeof frame.seq === 'number';
}
