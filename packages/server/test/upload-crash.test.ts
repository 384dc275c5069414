import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { startServer } from '../src/app.js';
import { runServerProcess } from './helpers/process.js';

const files = async (dir: string) => (await readdir(dir).catch(() => [])).filter((n) => n !== 'tmp');

it('leaves nothing served and nothing behind once the sweeper runs, after a SIGKILL mid-upload', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'parley-crash-'));
  try {
    const node = runServerProcess(['--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir, '--log-level', 'error']);
    const url = `http://127.0.0.1:${(await node.waitForOutput(/listening on http:\/\/127\.0\.0\.1:(\d+)/, 20_000))[1]}`;
    const account = { name: 'Crash', phone: '15550177001', password: 'crash test password' };
    expect((await fetch(`${url}/api/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(account) })).status).toBe(201);
    const { token } = (await (await fetch(`${url}/api/signin`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(account) })).json()) as { token: string };

    // Half of a 1 MB file, then the process dies with its temporary file open.
    const upload = request(`${url}/api/uploads`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'multipart/form-data; boundary=x', 'content-length': 1024 * 1024 + 200 } });
    upload.on('error', () => {});
    upload.write('--x\r\nContent-Disposition: form-data; name="file"; filename="half.bin"\r\n\r\n');
    upload.write(Buffer.alloc(512 * 1024, 1));
    const staging = join(dataDir, 'blobs', 'tmp');
    await expect.poll(async () => {
      const [name] = await readdir(staging);
      return name ? (await stat(join(staging, name))).size : 0;
    }, { timeout: 10_000 }).toBeGreaterThan(0);
    node.child.kill('SIGKILL');
    await node.exited;
    expect(await files(join(dataDir, 'blobs'))).toEqual([]);

    // The next start's sweeper takes the half file; no upload row was ever made.
    const server = await startServer({ dataDir, port: 0, webRoot: null, uploads: { sweepIntervalMs: 50, blobGraceMs: 0 } });
    try {
      await expect.poll(() => readdir(staging), { timeout: 5000 }).toEqual([]);
      expect(await files(join(dataDir, 'blobs'))).toEqual([]);
      const user = await server.storage.users.findUserByPhone(account.phone);
      expect(await server.storage.uploads.bytesOf(user!.id)).toBe(0);
    } finally {
      await server.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}, 60_000);
