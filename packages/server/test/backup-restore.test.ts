import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, truncate, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create as createTar } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../src/app.js';
import { buildRoom, buildUsers, connect, type TestUser } from './helpers/builders.js';
import { http, historyPath } from './helpers/http.js';
import { runParley } from './helpers/process.js';
import { useServer } from './helpers/server.js';
import type { RawSocket } from './helpers/socket.js';

type Row = Record<string, unknown>;

/** Every row of a table, keyed by its primary key, from a database file opened read-only. */
function rows(path: string, table: string, key: string): Map<string, Row> {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return new Map((db.prepare(`SELECT * FROM ${table}`).all() as Row[]).map((row) => [key.split(',').map((k) => String(row[k])).join('/'), row]));
  } finally {
    db.close();
  }
}

const movingCounters = { last_seq: 0, last_message_seq: 0, activity_at: '' };

describe('parley backup and restore', () => {
  // The load is as fast as acknowledgements allow, well past the per-connection frame rate.
  const server = useServer({ limits: { framesPerSecond: 1_000_000, frameBurst: 1_000_000 } });
  let work: string;
  let users: TestUser[];
  let sockets: RawSocket[];
  let room: string;
  let backupFile: string;
  let restoredDir: string;
  let storedBeforeBackup = 0;
  let storedAfterBackup = 0;
  const upload = randomBytes(300_000);
  const shared = randomBytes(50_000);
  let sharedUrl = '';

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'parley-backup-'));
    // Uploaded files live in the data dir beside the database; a backup takes them all.
    await mkdir(join(server.dataDir, 'media', 'a1'), { recursive: true });
    await writeFile(join(server.dataDir, 'media', 'a1', 'photo.jpg'), upload);
    await writeFile(join(server.dataDir, 'media', 'notes.txt'), 'kept\n');
    users = await buildUsers(server, 3);
    sockets = await Promise.all(users.map((u) => connect(server, u)));
    room = (await buildRoom(sockets[0]!)).room as string;
    for (const socket of sockets.slice(1)) await socket.ok({ type: 'join', room });
    // A file shared in the room (in blobs/, named by its SHA-256), and one still streaming (in blobs/tmp/, left out).
    const form = new FormData();
    form.append('file', new Blob([shared]), 'minutes.bin');
    const uploaded = await fetch(`${server.url}/api/uploads`, { method: 'POST', headers: { authorization: `Bearer ${users[0]!.token}` }, body: form });
    sharedUrl = ((await uploaded.json()) as { upload: { id: string; url: string } }).upload.url;
    await sockets[0]!.ok({ type: 'message', room, clientMsgId: 'shared', attachments: [sharedUrl.split('/').pop()] });
    await writeFile(join(server.dataDir, 'blobs', 'tmp', 'half-an-upload'), 'half');

    // Write load: every user keeps 10 messages in flight until the backup has finished.
    let stop = false;
    let sent = 0;
    const failures: unknown[] = [];
    const senders = sockets.map(async (socket, who) => {
      const inFlight = new Set<Promise<unknown>>();
      while (!stop) {
        const ack = socket.ok({ type: 'message', room, text: `load ${who}-${sent}`, clientMsgId: `load-${who}-${sent++}` }).then(
          () => storedAfterBackup++,
          (error: unknown) => {
            failures.push(error);
            stop = true;
          },
        );
        inFlight.add(ack);
        void ack.finally(() => inFlight.delete(ack));
        if (inFlight.size >= 10) await Promise.race(inFlight);
      }
      await Promise.all(inFlight);
    });
    while (storedAfterBackup < 300 && failures.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    storedBeforeBackup = storedAfterBackup;
    backupFile = join(work, 'parley.tar.gz');
    const backup = await runParley(['backup', backupFile, '--data-dir', server.dataDir]);
    const storedDuringBackup = storedAfterBackup - storedBeforeBackup;
    stop = true;
    await Promise.all(senders);
    expect(failures).toEqual([]);
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/^Backed up the database \(schema \d+, [\d.]+ kB\) and 3 other files \([\d.]+ kB\) to .*parley\.tar\.gz in [\d.]+ s\.\n$/);
    expect(storedDuringBackup, 'the server kept storing messages while the backup ran').toBeGreaterThan(0);

    restoredDir = join(work, 'restored');
    const restore = await runParley(['restore', backupFile, '--data-dir', restoredDir]);
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
  }, 120_000);

  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('restores a consistent snapshot: every entry equal to the live one, each room gap-free up to its counter', () => {
    const live = join(server.dataDir, 'parley.db');
    const copy = join(restoredDir, 'parley.db');
    const liveEntries = rows(live, 'entries', 'room_id,seq');
    const copiedEntries = rows(copy, 'entries', 'room_id,seq');
    expect(copiedEntries.size).toBeGreaterThanOrEqual(storedBeforeBackup);
    expect(copiedEntries.size).toBeLessThan(liveEntries.size);
    for (const [key, entry] of copiedEntries) expect(entry, `entry ${key}`).toEqual(liveEntries.get(key));
    // A snapshot, not a torn copy: each room's counter matches its last entry, with no gap below.
    for (const [id, roomRow] of rows(copy, 'rooms', 'id')) {
      const seqs = [...copiedEntries.values()].filter((e) => String(e.room_id) === id).map((e) => e.seq as number).sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: roomRow.last_seq as number }, (_, i) => i + 1));
    }
    for (const table of [['users', 'id'], ['sessions', 'token_hash'], ['rooms', 'id']] as const) {
      const liveRows = rows(live, table[0], table[1]);
      for (const [key, row] of rows(copy, table[0], table[1])) {
        // A room's counters go on moving with the live writes; the rest of the row must be equal.
        if (table[0] === 'rooms') expect({ ...row, ...movingCounters }).toEqual({ ...liveRows.get(key), ...movingCounters });
        else if (table[0] === 'sessions') expect({ ...row, last_seen_at: '' }).toEqual({ ...liveRows.get(key), last_seen_at: '' });
        else expect(row).toEqual(liveRows.get(key));
      }
    }
  });

  it('restores the uploaded files byte for byte, and leaves no backup files behind', async () => {
    expect(await readFile(join(restoredDir, 'media', 'a1', 'photo.jpg'))).toEqual(upload);
    expect(await readFile(join(restoredDir, 'media', 'notes.txt'), 'utf8')).toBe('kept\n');
    expect((await readdir(restoredDir)).sort()).toEqual(['blobs', 'media', 'parley.db']);
    expect(await readdir(join(restoredDir, 'blobs'))).toHaveLength(1);
    expect((await readdir(work)).sort()).toEqual(['parley.tar.gz', 'restored']);
  });

  it('gives a server that starts on the restored data dir and serves the history, sessions included', async () => {
    const restored = await startServer({ dataDir: restoredDir, port: 0, webRoot: null });
    try {
      const page = await fetch(`${restored.url}${historyPath(room, { after: 0, limit: 5 })}`, { headers: { authorization: `Bearer ${users[1]!.token}` } });
      expect(page.status).toBe(200);
      const body = (await page.json()) as { messages: { seq: number }[] };
      expect(body.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
      // The shared file comes back to a member of the room, byte for byte.
      const file = await fetch(`${restored.url}${sharedUrl}`, { headers: { authorization: `Bearer ${users[2]!.token}` } });
      expect(file.status).toBe(200);
      expect(Buffer.from(await file.arrayBuffer())).toEqual(shared);
    } finally {
      await restored.close();
    }
    expect((await http(server, 'GET', '/api/health')).status).toBe(200);
  });

  it('refuses to restore into a data dir that is not empty, with one sentence, touching nothing', async () => {
    const result = await runParley(['restore', backupFile, '--data-dir', server.dataDir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`parley: The data directory ${server.dataDir} is not empty; restore into a new or empty directory, so that nothing in it is overwritten.\n`);
    expect(existsSync(join(server.dataDir, '.parley-restoring'))).toBe(false);
  });

  it('refuses to overwrite an existing file, and to back up a data dir with no database', async () => {
    const again = await runParley(['backup', backupFile, '--data-dir', server.dataDir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists; choose another file name, or remove it first\.\n$/);
    const empty = join(work, 'empty');
    const none = await runParley(['backup', join(work, 'none.tar.gz'), '--data-dir', empty]);
    expect(none.code).toBe(1);
    expect(none.stderr).toBe(`parley: There is no Parley database at ${join(empty, 'parley.db')}; check --data-dir (or PARLEY_DATA_DIR).\n`);
  });

  it('refuses a damaged backup and leaves the target as it was', async () => {
    const damaged = join(work, 'damaged.tar.gz');
    await writeFile(damaged, await readFile(backupFile));
    await truncate(damaged, Math.floor((await stat(damaged)).size / 2));
    const target = join(work, 'from-damaged');
    const result = await runParley(['restore', damaged, '--data-dir', target]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(target)).toBe(false);
    await rm(damaged);
  });

  it('refuses an archive with entries outside its folder or not in its manifest', async () => {
    const odd = join(work, 'odd');
    await mkdir(join(odd, 'files'), { recursive: true });
    await writeFile(join(odd, 'parley-backup.json'), JSON.stringify({ format: 'parley-backup', formatVersion: 1, schemaVersion: 1, createdAt: '', parleyVersion: '0', entries: [] }));
    await writeFile(join(odd, 'files', 'extra'), 'x');
    const archive = join(work, 'odd.tar.gz');
    await createTar({ gzip: true, file: archive, cwd: odd }, ['parley-backup.json', 'files/extra']);
    const target = join(work, 'from-odd');
    const result = await runParley(['restore', archive, '--data-dir', target]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/holds files\/extra, which its manifest does not list/);
    expect(existsSync(target)).toBe(false);

    const escaping = join(work, 'escaping.tar.gz');
    await createTar({ gzip: true, file: escaping, cwd: odd, preservePaths: true, onWriteEntry: (entry) => void (entry.path = `../../escaped-${entry.path}`) }, ['parley-backup.json']);
    const escaped = await runParley(['restore', escaping, '--data-dir', target]);
    expect(escaped.code).toBe(1);
    expect(existsSync(join(work, 'escaped-parley-backup.json'))).toBe(false);
    expect(existsSync(target)).toBe(false);
  });

  it('sends PostgreSQL to pg_dump', async () => {
    const result = await runParley(['backup', join(work, 'pg.tar.gz'), '--database-url', 'postgres://db/parley']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/back it up with pg_dump \(see docs\/backup\.md\)/);
  });
});
