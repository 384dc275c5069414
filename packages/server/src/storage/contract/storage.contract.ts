import type { Storage } from '../storage.js';
import { eventsContract } from './events.contract.js';
import { roomsContract } from './rooms.contract.js';
import { usersAndSessionsContract } from './users-sessions.contract.js';

/**
 * The behaviour every Storage implementation must have. Each adapter's test file calls this
 * with a factory that returns a fresh, empty storage.
 */
export function storageContract(name: string, open: () => Promise<Storage>): void {
  usersAndSessionsContract(name, open);
  roomsContract(name, open);
  eventsContract(name, open);
}
