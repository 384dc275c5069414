import Database from 'better-sqlite3';
import { join } from 'node:path';
import pg from 'pg';
import { beforeAll, expect, it } from 'vitest';
import { postgresUserSearch } from '../src/storage/postgres/postgres-users.js';
import { sqliteUserSearch } from '../src/storage/sqlite/sqlite-users.js';
import { userSearchScanMax } from '../src/storage/storage.js';
import { prefixRange } from '../src/storage/user-search.js';
import { buildUser, type TestUser } from './helpers/builders.js';
import { describeOnEngines } from './helpers/engines.js';
import { http } from './helpers/http.js';

// 200,000 users, most of whose phones start with 1: a digit search must go through an index
// range (bounded by the scan limit) and never scan the users table. The plans are asserted
// here, not timed: the numbers belong in the benchmarks.
const population = 200_000;
const phoneOf = (i: number) => String(1_000_000_000 + i);

describeOnEngines('user search over 200,000 users', {}, (server, engine, postgres) => {
  let caller: TestUser;

  beforeAll(async () => {
    caller = await buildUser(server, { name: 'Caller', phone: '9990001111' });
    if (engine.name === 'SQLite') {
      const db = new Database(join(server.dataDir, 'parley.db'));
      db.pragma('busy_timeout = 5000');
      const user = db.prepare("INSERT INTO users (name, name_key, phone, password_hash, created_at) VALUES (?, ?, ?, 'x', '2026-01-01T00:00:00.000Z')");
      const word = db.prepare('INSERT INTO user_name_words (word, user_id) VALUES (?, ?)');
      const member = db.prepare("INSERT INTO memberships (room_id, user_id, joined_at) VALUES (?, ?, '2026-01-01T00:00:00.000Z')");
      db.transaction(() => {
        // Everyone but the caller is in one of 2,000 rooms of 100, so that memberships is large too.
        const room = db.prepare("INSERT INTO rooms (name, name_key, kind, is_private, description, max_participants, created_at, activity_at) VALUES (?, ?, 'room', 0, '', 1000, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')");
        const roomIds = Array.from({ length: 2000 }, (_, r) => Number(room.run(`Room ${r}`, `room ${r}`).lastInsertRowid));
        for (let i = 0; i < population; i++) {
          const { lastInsertRowid } = user.run(`Person ${i}`, `person ${i}`, phoneOf(i));
          word.run('person', lastInsertRowid);
          word.run(String(i), lastInsertRowid);
          member.run(roomIds[i % roomIds.length], lastInsertRowid);
        }
      })();
      db.exec('ANALYZE');
      db.close();
    } else {
      const client = new pg.Client({ connectionString: postgres!.databaseUrl });
      await client.connect();
      await client.query(`SET search_path TO ${postgres!.schema}`);
      await client.query(`INSERT INTO users (name, name_key, phone, password_hash, created_at) SELECT 'Person ' || i, 'person ' || i, (1000000000 + i)::text, 'x', now() FROM generate_series(0, ${population - 1}) AS i`);
      await client.query(`INSERT INTO user_name_words (word, user_id) SELECT w, id FROM users, regexp_split_to_table(name_key, ' ') AS w WHERE w <> '' ON CONFLICT DO NOTHING`);
      await client.query(`INSERT INTO rooms (name, name_key, kind, is_private, description, max_participants, created_at, activity_at) SELECT 'Room ' || r, 'room ' || r, 'room', false, '', 1000, now(), now() FROM generate_series(0, 1999) AS r`);
      await client.query(`INSERT INTO memberships (room_id, user_id, joined_at) SELECT (SELECT min(id) FROM rooms) + (u.id % 2000), u.id, now() FROM users u WHERE u.name_key LIKE 'person %'`);
      await client.query('ANALYZE');
      await client.end();
    }
  }, 120_000);

  it('plans every search query as index look-ups, never a scan of users or name words', async () => {
    const { low, high } = prefixRange('1');
    if (engine.name === 'SQLite') {
      const db = new Database(join(server.dataDir, 'parley.db'), { readonly: true });
      const params = { caller: 1, low, high, scan: userSearchScanMax, limit: 50, contains: '%person%' };
      for (const [name, sql] of Object.entries(sqliteUserSearch)) {
        const used = Object.fromEntries(Object.entries(params).filter(([k]) => sql.includes(`@${k}`)));
        const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(used) as { detail: string }[]).map((row) => row.detail);
        // e.g. "SEARCH users USING COVERING INDEX sqlite_autoindex_users_1 (phone>? AND phone<?)"
        expect(plan.filter((step) => /^SCAN (users|u|user_name_words|memberships|a|b)\b/.test(step)), `${name}: ${plan.join(' | ')}`).toEqual([]);
        expect(plan.some((step) => /^SEARCH /.test(step)), name).toBe(true);
      }
      db.close();
    } else {
      const client = new pg.Client({ connectionString: postgres!.databaseUrl });
      await client.connect();
      await client.query(`SET search_path TO ${postgres!.schema}`);
      const argsOf: Record<keyof typeof postgresUserSearch, unknown[]> = {
        byPhonePrefix: [low, 1, high, userSearchScanMax, 50],
        byNameWord: ['person', 1, prefixRange('person').high, userSearchScanMax, 50, '%person%'],
        coMembers: [null, 1, null, userSearchScanMax, 50],
      };
      for (const [name, sql] of Object.entries(postgresUserSearch)) {
        const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`EXPLAIN (FORMAT JSON) ${sql}`, argsOf[name as keyof typeof postgresUserSearch]);
        const scans = seqScans(rows[0]!['QUERY PLAN'][0].Plan);
        expect(scans, `${name}: sequential scans of ${scans.join(', ')}`).toEqual([]);
      }
      await client.end();
    }
  });

  it('answers a one-digit query with the caller’s co-members only, and a whole number with its owner', async () => {
    const digit = await http(server, 'GET', '/api/users?q=1', { token: caller.token });
    expect(digit.body).toEqual({ users: [] });
    const whole = await http(server, 'GET', `/api/users?q=${phoneOf(123_456)}`, { token: caller.token });
    expect(whole.body).toEqual({ users: [{ name: 'Person 123456', phone: phoneOf(123_456) }] });
    const name = await http(server, 'GET', '/api/users?q=person', { token: caller.token });
    expect(name.body).toEqual({ users: [] });
  });
});

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

/** The tables a PostgreSQL plan reads with a sequential scan. */
function seqScans(node: PlanNode): string[] {
  const own = node['Node Type'] === 'Seq Scan' ? [node['Relation Name'] ?? '?'] : [];
  return [...own, ...(node.Plans ?? []).flatMap(seqScans)];
}
