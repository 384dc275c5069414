/**
 * Memory while one 1 GiB file uploads: the body streams to disk, hashed as it goes, so the
 * server's resident memory must stay flat whatever the file's size. Server and client share this
 * process (the client streams too, with backpressure), so the figure bounds the server's.
 * Run: `npm run build && npx tsx bench/upload-memory.ts` (PARLEY_BENCH_UPLOAD_MIB to change the size).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../packages/server/dist/app.js';

const mib = Number(process.env.PARLEY_BENCH_UPLOAD_MIB ?? 1024);
const size = mib * 1024 * 1024;
const dataDir = mkdtempSync(join(tmpdir(), 'parley-upload-bench-'));
const server = await startServer({ dataDir, port: 0, webRoot: null, uploads: { fileBytesMax: size + 1024, quotaBytes: 4 * size } });
try {
  const account = { name: 'Bench', phone: '15550199001', password: 'bench password 1' };
  await fetch(`${server.url}/api/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(account) });
  const { token } = (await (await fetch(`${server.url}/api/signin`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(account) })).json()) as { token: string };

  const head = Buffer.from('--b\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n');
  const tail = Buffer.from('\r\n--b--\r\n');
  const chunk = Buffer.alloc(256 * 1024, 0x5a);
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const started = performance.now();
  const status = await new Promise<number>((resolve, reject) => {
    const req = request(`${server.url}/api/uploads`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'multipart/form-data; boundary=b', 'content-length': head.length + size + tail.length } });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.write(head);
    let sent = 0;
    const pump = () => {
      while (sent < size) {
        const piece = sent + chunk.length <= size ? chunk : chunk.subarray(0, size - sent);
        sent += piece.length;
        if (!req.write(piece)) return void req.once('drain', pump);
      }
      req.end(tail);
    };
    pump();
  });
  clearInterval(sampler);
  const seconds = (performance.now() - started) / 1000;
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  console.log(`Uploaded ${mib} MiB: ${status} in ${seconds.toFixed(1)} s (${(mib / seconds).toFixed(0)} MiB/s); RSS ${mb(baseline)} MiB before, peak ${mb(peak)} MiB (+${mb(peak - baseline)} MiB).`);
} finally {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
