// What a page of the People view costs on SQLite (npx tsx bench/people-page.ts): one user in a
// room of N members, GET /api/me/people's storage query for every page of `limits.peoplePageMax`, timed. The query
// reads the caller's co-members through the memberships index, so its cost grows with how many
// people the caller shares rooms with, not with the size of the directory.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { limits } from '@parley/protocol';
import { createSqliteStorage } from '../packages/server/src/storage/sqlite/sqlite-storage.js';

/** A data dir with `members` users in one room, written directly (signing them up would take minutes). */
async function seed(members: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-people-'));
  await createSqliteStorage({ dataDir: dir }).close();
  const db = new Database(join(dir, 'parley.db'));
  db.transaction(() => {
    const user = db.prepare('INSERT INTO users (id, name, name_key, phone, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)');
    const member = db.prepare('INSERT INTO memberships (room_id, user_id, joined_at, last_read_seq) VALUES (1, ?, ?, 0)');
    for (let i = 1; i <= members; i++) user.run(i, `User ${i}`, `user ${i}`, String(7_000_000_000 + i), 'x', '2026-01-01T00:00:00.000Z');
    db.prepare(
      "INSERT INTO rooms (id, name, name_key, name_skeleton, kind, is_private, description, owner_id, max_participants, created_at, last_seq, activity_at) VALUES (1, 'Big', 'big', 'big', 'room', 0, '', 1, 1000000, '2026-01-01', 0, '2026-01-01')",
    ).run();
    for (let i = 1; i <= members; i++) member.run(i, '2026-01-01T00:00:00.000Z');
  })();
  db.close();
  return dir;
}

const rows: Record<string, string | number>[] = [];
for (const members of [500, 2000, 10_000]) {
  const dir = await seed(members);
  const storage = createSqliteStorage({ dataDir: dir });
  const times: number[] = [];
  for (let round = 0; round < 5; round++) {
    let after: { nameKey: string; id: number } | null = null;
    do {
      const started = performance.now();
      const page = await storage.users.coMembersPage(1, after, limits.peoplePageMax + 1);
      times.push(performance.now() - started);
      const last = page[Math.min(limits.peoplePageMax, page.length) - 1];
      after = page.length > limits.peoplePageMax && last ? { nameKey: last.nameKey, id: last.user.id } : null;
    } while (after);
  }
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
  times.sort((a, b) => a - b);
  const at = (q: number) => Number(times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(2));
  rows.push({ members, pagesPerLoad: Math.ceil((members - 1) / limits.peoplePageMax), pageMedianMs: at(0.5), pageMaxMs: at(1) });
}
process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
