// Presence and typing in one big room (npx tsx bench/presence-typing.ts, after npm run build):
// 2,000 members, 200 of them watching; 500 more connect within 5 s while 100 type (a typing frame
// every 3 s). Reports the server's CPU over the window (its process only, pinned to core 0) and
// the most presence frames any watcher got in one second. Connections come from several loopback
// addresses, since the server caps connections per address. With `--cpu-prof <dir>` the server is
// profiled and the report adds the part of its CPU spent in the presence and typing code.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { busyWithin, type Profile } from './report/cpu-profile.js';
import { startTarget } from './servers/targets.js';
import type { Population } from './servers/population.js';

const members = 2000;
const watchers = 200;
const joiners = 500;
const typists = 100;
const connectWindowMs = 5000;
const measureMs = 12_000;
const room = 'Crowd';

const population: Population = { users: members, rooms: [{ name: room, members: Array.from({ length: members }, (_, i) => i) }] };
// `--cpu-prof <dir>`: the server writes a V8 CPU profile there when it stops (for where its time goes).
const profDir = process.argv.includes('--cpu-prof') ? process.argv[process.argv.indexOf('--cpu-prof') + 1] : undefined;
const server = await startTarget('parley', population, profDir ? { parleyNodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profDir}`] } : {});
const tokens = server.tokens!;

/** One authenticated socket; `onFrame` sees every text frame after the auth reply. */
function open(index: number, onFrame?: (frame: { type: string }) => void): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, { localAddress: `127.0.${1 + Math.floor(index / 200)}.${2 + (index % 200)}`, headers: { origin: `http://127.0.0.1:${server.port}` } });
    ws.on('error', reject);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', id: 'auth', token: tokens[index] })));
    let authed = false;
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { type: string; id?: string };
      if (!authed) {
        if (frame.id !== 'auth') return;
        authed = true;
        if (frame.type === 'ok') resolve(ws);
        else reject(new Error(JSON.stringify(frame)));
        return;
      }
      onFrame?.(frame);
    });
  });
}

// Watchers: presence frames per second, each.
const perSecond = new Map<number, number>();
let maxPerWatcherSecond = 0;
let presenceFrames = 0;
let typingFrames = 0;
const start = Date.now();
const watcherSockets = await Promise.all(
  Array.from({ length: watchers }, (_, w) =>
    open(w, (frame) => {
      if (frame.type === 'typing') typingFrames++;
      if (frame.type !== 'presence' && frame.type !== 'presences') return;
      presenceFrames++;
      const key = w * 1e6 + Math.floor((Date.now() - start) / 1000);
      const n = (perSecond.get(key) ?? 0) + 1;
      perSecond.set(key, n);
      maxPerWatcherSecond = Math.max(maxPerWatcherSecond, n);
    }),
  ),
);
// Let the watchers' own arrivals settle: only what follows is measured.
await new Promise((resolve) => setTimeout(resolve, 3000));
perSecond.clear();
maxPerWatcherSecond = 0;
presenceFrames = 0;
typingFrames = 0;

const cpuBefore = server.proc.cpuSeconds();
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);
const fromUs = monotonicUs();
const t0 = Date.now();
const joined: WebSocket[] = [];
const opening: Promise<void>[] = [];
for (let j = 0; j < joiners; j++) {
  const index = watchers + j;
  const at = (connectWindowMs * j) / joiners;
  opening.push(
    new Promise<void>((resolve) => setTimeout(resolve, at)).then(async () => {
      joined.push(await open(index));
    }),
  );
}
const results = await Promise.allSettled(opening);
const connected = results.filter((r) => r.status === 'fulfilled').length;
const connectedInMs = Date.now() - t0;
const cpuAfterConnect = server.proc.cpuSeconds();
// The first 100 joiners type: a refresh every 3 s, as the SDK sends them.
const typing = joined.slice(0, typists);
const typeOnce = () => {
  for (const ws of typing) ws.send(JSON.stringify({ type: 'typing', room, typing: true }));
};
typeOnce();
const timer = setInterval(typeOnce, 3000);
await new Promise((resolve) => setTimeout(resolve, Math.max(0, measureMs - (Date.now() - t0))));
clearInterval(timer);
const elapsed = (Date.now() - t0) / 1000;
const cpu = server.proc.cpuSeconds() - cpuBefore;
const toUs = monotonicUs();

for (const ws of [...watcherSockets, ...joined]) ws.terminate();
await server.stop();

const row = {
  members,
  watchers,
  joiners: `${connected}/${joiners} in ${(connectedInMs / 1000).toFixed(1)} s`,
  typists,
  windowSeconds: Number(elapsed.toFixed(1)),
  serverCpuPercentOfOneCore: Number(((cpu / elapsed) * 100).toFixed(1)),
  // While 500 connect (sign-in, subscriptions and presence), then afterwards (typing, idle sockets).
  cpuPercentDuringConnects: Number((((cpuAfterConnect - cpuBefore) / (connectedInMs / 1000)) * 100).toFixed(1)),
  cpuPercentAfterConnects: Number((((cpu - (cpuAfterConnect - cpuBefore)) / (elapsed - connectedInMs / 1000)) * 100).toFixed(1)),
  maxPresenceFramesPerWatcherPerSecond: maxPerWatcherSecond,
  presenceFramesPerWatcher: Number((presenceFrames / watchers).toFixed(1)),
  typingFramesPerWatcher: Number((typingFrames / watchers).toFixed(1)),
  ...(profDir ? presenceShare(profDir) : {}),
};

/**
 * From the server's profile: its main thread's CPU in the window, and the part of it in the
 * presence and typing code (with what that code calls: queries, serialization, sends) — the
 * goal's "CPU for presence and typing", apart from what every sign-in costs.
 */
function presenceShare(dir: string): Record<string, number> {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) return {};
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile;
  const { busyMs, matchedMs } = busyWithin(profile, fromUs, toUs, /\/dist\/(chat\/(presence|typing)-signals|presence\/)/);
  const seconds = (toUs - fromUs) / 1e6;
  return {
    profiledMainThreadCpuPercent: Number((busyMs / seconds / 10).toFixed(1)),
    presenceAndTypingCpuPercent: Number((matchedMs / seconds / 10).toFixed(1)),
  };
}
process.stdout.write(`${JSON.stringify(row, null, 2)}\n`);
process.exit(0);
