import { randomBytes } from 'node:crypto';
import { hashToken } from '../../packages/server/dist/auth/tokens.js';
import { roomNameKeys } from '../../packages/server/dist/storage/like.js';
import { createSqliteStorage } from '../../packages/server/dist/storage/sqlite/sqlite-storage.js';
import { userPhone, type Population } from './population.js';

/**
 * Writes users, one session each, rooms and memberships straight into a fresh data dir through
 * the storage API: no sign-in rate limits, no argon2 per user. Seeding uses synchronous=NORMAL
 * (nothing here needs to survive a power cut); the server then opens the file with FULL.
 * Returns each user's token (the database keeps only its hash).
 */
export async function seedParley(dataDir: string, population: Population): Promise<string[]> {
  const storage = createSqliteStorage({ dataDir, synchronous: 'NORMAL' });
  try {
    const ids: number[] = [];
    const tokens: string[] = [];
    for (let i = 0; i < population.users; i++) {
      const user = await storage.users.createUser({ name: `user ${i}`, phone: userPhone(i), passwordHash: 'seeded: no password' });
      const token = randomBytes(32).toString('base64url');
      await storage.sessions.createSession(hashToken(token), user.id);
      ids.push(user.id);
      tokens.push(token);
    }
    for (const room of population.rooms) {
      const members = room.members.map((m) => ids[m]!);
      const owner = room.direct ? null : (members[0] ?? null);
      const row = { name: room.name, ...roomNameKeys(room.name), kind: room.direct ? ('direct' as const) : ('room' as const), isPrivate: room.direct === true, description: '', ownerId: owner, createdBy: members[0]!, maxParticipants: room.direct ? 2 : 100_000 };
      await storage.events.commit({ type: 'create_room', actorId: members[0]!, row, memberIds: members });
    }
    return tokens;
  } finally {
    await storage.close();
  }
}

/** Messages stored per room after a run: the rooms' last seqs (seeding stores no entries). */
export async function storedMessages(dataDir: string, rooms: string[]): Promise<number> {
  const storage = createSqliteStorage({ dataDir, synchronous: 'NORMAL' });
  try {
    let total = 0;
    for (const name of rooms) total += (await storage.rooms.findRoomByName(name))?.lastSeq ?? 0;
    return total;
  } finally {
    await storage.close();
  }
}
