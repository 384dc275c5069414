import { randomBytes } from 'node:crypto';
import { hashToken } from '../../packages/server/dist/auth/tokens.js';
import { roomNameKeys } from '../../packages/server/dist/storage/like.js';
import { openDatabase } from '../../packages/server/dist/storage/sqlite/open-database.js';
import { createSqliteStorage } from '../../packages/server/dist/storage/sqlite/sqlite-storage.js';
import { createSqliteUserStore } from '../../packages/server/dist/storage/sqlite/sqlite-users.js';
import type { Storage } from '../../packages/server/dist/storage/storage.js';
import { userPhone } from '../servers/population.js';

/** The signed-in people of an attack: the attacker, the bystander who measures, and a room owner. */
export interface AbuseAccounts {
  attacker: { id: number; token: string; phone: string };
  bystander: { id: number; token: string; phone: string };
  owner: { id: number; token: string; phone: string };
}

/** What each attack needs in the database before the server starts. */
export interface AbuseSeed {
  /** Public rooms (made by the owner) the attacker already belongs to, each with one message of `roomMessageChars`. */
  attackerRooms?: number;
  /** Users without a session, phones from userPhone(0) on: a directory to search. */
  directoryUsers?: number;
  /** Of those, how many share a room with the attacker (a digit search then finds full pages). */
  attackerCoMembers?: number;
  /** Messages of `messageChars` in the room "Archive" (owner, attacker and bystander are members). */
  archiveMessages?: number;
}

/** 4,000 characters: the longest message text the protocol accepts (limits.textMax). */
export const messageChars = 4000;
const text = (i: number) => `${i} `.padEnd(messageChars, 'lorem ipsum dolor sit amet ');

/**
 * Writes the attack's starting state through the storage API into a fresh data dir (as
 * bench/servers/parley-seed.ts does: no sign-ups, no argon2). Rooms are created by the owner, so
 * that the attacker's own daily quota of rooms created is untouched when the attack begins.
 */
export async function seedAbuse(dataDir: string, seed: AbuseSeed): Promise<AbuseAccounts> {
  const directory = await seedDirectory(dataDir, seed.directoryUsers ?? 0);
  const storage = createSqliteStorage({ dataDir, synchronous: 'NORMAL' });
  try {
    const account = async (name: string, phone: string) => {
      const user = await storage.users.createUser({ name, phone, passwordHash: 'seeded: no password' });
      const token = randomBytes(32).toString('base64url');
      await storage.sessions.createSession(hashToken(token), user.id);
      return { id: user.id, token, phone };
    };
    const accounts: AbuseAccounts = { attacker: await account('Mallory Attacker', '30000001'), bystander: await account('Betty Bystander', '30000002'), owner: await account('Olive Owner', '30000003') };
    const { attacker, bystander, owner } = accounts;
    if (seed.attackerCoMembers) await createRoom(storage, 'Neighbours', owner.id, [owner.id, attacker.id, ...directory.slice(0, seed.attackerCoMembers)]);
    // 150 per turn: they share one transaction (group commit), which keeps seeding short.
    for (let r = 0; r < (seed.attackerRooms ?? 0); r += 150) {
      const batch = Array.from({ length: Math.min(150, seed.attackerRooms! - r) }, (_, j) => r + j);
      const roomIds = await Promise.all(batch.map((k) => createRoom(storage, `room ${k}`, owner.id, [owner.id, attacker.id])));
      await Promise.all(roomIds.map((roomId, j) => storage.events.commit({ type: 'message', actorId: owner.id, roomId, clientMsgId: `r${batch[j]}`, text: text(batch[j]!), replyTo: null, mentions: [] })));
    }
    if (seed.archiveMessages) {
      const roomId = await createRoom(storage, 'Archive', owner.id, [owner.id, attacker.id, bystander.id]);
      for (let i = 0; i < seed.archiveMessages; i += 200) {
        const turn = Array.from({ length: Math.min(200, seed.archiveMessages - i) }, (_, j) =>
          storage.events.commit({ type: 'message', actorId: owner.id, roomId, clientMsgId: `a${i + j}`, text: text(i + j), replyTo: null, mentions: [] }),
        );
        await Promise.all(turn);
      }
    }
    return accounts;
  } finally {
    await storage.close();
  }
}

/**
 * `count` users without sessions, phones from userPhone(0), through the user store's own
 * createUser (the row and its name words), all in one transaction: one commit per user would
 * take a minute for 200,000. Returns their ids.
 */
async function seedDirectory(dataDir: string, count: number): Promise<number[]> {
  if (count === 0) return [];
  const { db } = openDatabase({ dataDir, synchronous: 'NORMAL' });
  try {
    const users = createSqliteUserStore(db);
    const created: Promise<{ id: number }>[] = [];
    // createUser does its SQLite work before it first awaits, so it runs inside this transaction.
    db.transaction(() => {
      for (let i = 0; i < count; i++) created.push(users.createUser({ name: `user ${i}`, phone: userPhone(i), passwordHash: 'seeded: no password' }));
    })();
    return (await Promise.all(created)).map((u) => u.id);
  } finally {
    db.close();
  }
}

async function createRoom(storage: Storage, name: string, ownerId: number, memberIds: number[]): Promise<number> {
  const row = { name, ...roomNameKeys(name), kind: 'room' as const, isPrivate: false, description: '', ownerId, createdBy: ownerId, maxParticipants: 100_000 };
  const result = await storage.events.commit({ type: 'create_room', actorId: ownerId, row, memberIds });
  return result.room.id;
}
