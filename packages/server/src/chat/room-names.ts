import type { Bus } from '../bus/bus.js';
import { roomNameKey } from '../storage/like.js';
import type { RoomRecord, Storage } from '../storage/storage.js';

/** What a message needs of its room; none of it changes while the room exists. */
export interface RoomRef {
  id: number;
  name: string;
}

/**
 * Room names resolved to ids, remembered: every message names its room, and asking the database
 * each time was a measurable part of sending one. A deleted room is forgotten on every node
 * (bus event); an entry that outlived its room anyway (the bus was away) fails the append with
 * room_not_found and is forgotten then.
 */
export class RoomNames {
  private readonly byKey = new Map<string, RoomRef>();

  constructor(
    private readonly storage: Storage,
    bus: Bus,
  ) {
    bus.subscribe((event) => {
      if (event.type === 'room_deleted') this.forgetId(event.roomId);
    });
  }

  /** The room of that name, or null. */
  async resolve(name: string): Promise<RoomRef | null> {
    const key = roomNameKey(name);
    const known = this.byKey.get(key);
    if (known) return known;
    const room: RoomRecord | null = await this.storage.rooms.findRoomByName(name);
    if (!room) return null;
    const ref = { id: room.id, name: room.name };
    this.byKey.set(key, ref);
    return ref;
  }

  forgetId(roomId: number): void {
    for (const [key, ref] of this.byKey) if (ref.id === roomId) this.byKey.delete(key);
  }
}
