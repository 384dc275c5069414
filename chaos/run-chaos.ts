import { createClient, emptyTimeline, foldTimeline, type HistoryEntry, type ParleyClient, type Timeline } from '@parley/client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { freePort } from '../packages/server/test/helpers/ports.js';
import { ServerProcess } from './server-process.js';

export interface ChaosOptions {
  clients: number;
  rooms: number;
  /** How many times the server is killed with SIGKILL and started again. */
  restarts: number;
  /** Each client sends one message per this many ms (with jitter) until the last restart. */
  sendIntervalMs: number;
  /** The server stays up a random time in this range between kills. */
  minUpMs: number;
  maxUpMs: number;
  log?: (line: string) => void;
}

export interface ChaosReport {
  restarts: number;
  sent: number;
  acknowledged: number;
  stored: number;
  /** Acknowledged messages missing from history. */
  lost: number;
  /** Acknowledged messages stored more than once. */
  duplicated: number;
  /** Acknowledged messages stored under another seq than the ack said. */
  seqMismatches: number;
  /** Missing seqs, and seqs seen twice, in the rooms' histories. */
  gaps: number;
  repeatedSeqs: number;
  /** Edits, deletes and reactions sent, and acknowledged as stored. */
  changesSent: number;
  changesAcknowledged: number;
  /** Acknowledged changes missing from history, or stored more than once. */
  changesLost: number;
  changesDuplicated: number;
  /** Clients whose folded timeline of a room differs from the one folded from the database. */
  timelineMismatches: number;
  /** Entries a client should have seen and did not, saw twice, or saw out of order. */
  missedDeliveries: number;
  duplicateDeliveries: number;
  outOfOrderDeliveries: number;
  durationMs: number;
}

interface Member {
  client: ParleyClient;
  phone: string;
  /** Per room: the seq the client joined at, every seq it was given, in order, and its folded timeline. */
  rooms: Map<string, { from: number; seen: number[]; timeline: Timeline }>;
}

/** What a timeline shows, the reader's own `me` on reactions aside (the database's is read as another member). */
function shown(timeline: Timeline, after: number): unknown[] {
  return timeline.items
    .filter((item) => item.seq > after)
    .map((item) =>
      item.kind === 'message'
        ? [item.seq, item.message.deleted ? null : item.message.text, item.message.reactions.map((r) => [r.emoji, r.count])]
        : [item.seq, item.event.event],
    );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)]!;

async function fullHistory(client: ParleyClient, room: string): Promise<HistoryEntry[]> {
  const all: HistoryEntry[] = [];
  for (;;) {
    const page = await client.historyPage(room, { after: all.at(-1)?.seq ?? 0, limit: 200 });
    all.push(...page);
    if (page.length < 200) return all;
  }
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await sleep(50);
  }
  return condition();
}

/**
 * Clients send into several rooms while the server is killed and restarted at random; then the
 * histories are checked as Jepsen's checkers would: every acknowledged message stored exactly
 * once, each room's seq without gap or repeat, every client given every entry of its rooms in order.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? (() => {});
  const started = Date.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-chaos-'));
  const server = new ServerProcess(await freePort(), dataDir);
  await server.start();
  const members: Member[] = [];
  try {
    for (let i = 0; i < options.clients; i++) {
      const client = createClient({
        url: server.url,
        WebSocket: WebSocket as never,
        minReconnectDelayMs: 50,
        maxReconnectDelayMs: 500,
        requestTimeoutMs: 2000,
      });
      const phone = `${7_000_000 + i}`;
      await client.signup({ name: `Chaos ${i}`, phone, password: 'chaos-password' });
      await client.signin({ phone, password: 'chaos-password' });
      await client.connect();
      const member: Member = { client, phone, rooms: new Map() };
      client.on('event', (entry: HistoryEntry) => {
        const room = member.rooms.get(entry.room);
        if (!room) return;
        room.seen.push(entry.seq);
        room.timeline = foldTimeline(room.timeline, [entry], phone);
      });
      members.push(member);
    }
    const roomNames = Array.from({ length: options.rooms }, (_, r) => `chaos-${r}`);
    const owner = members[0]!;
    for (const room of roomNames) {
      const { info } = await owner.client.createRoom(room);
      owner.rooms.set(room, { from: info.lastSeq, seen: [], timeline: emptyTimeline });
    }
    // Everyone but the owner is in all rooms but one, so that fan-out differs per room.
    for (const [i, member] of members.entries()) {
      if (i === 0) continue;
      for (const [r, room] of roomNames.entries()) {
        if (options.rooms > 1 && r === i % options.rooms) continue;
        member.rooms.set(room, { from: Number.NaN, seen: [], timeline: emptyTimeline });
        const { lastSeq } = await member.client.join(room);
        member.rooms.get(room)!.from = lastSeq;
      }
    }
    log(`chaos: ${members.length} clients in ${roomNames.length} rooms; server on port ${server.port}`);

    const acks: { room: string; clientMsgId: string; seq: number }[] = [];
    const changeAcks: { room: string; seq: number; type: string; target: number }[] = [];
    let changesSent = 0;
    let sent = 0;
    let restarts = 0;
    let killing = true;
    // Clients keep sending through every kill, so that some sends meet a dead server, some are
    // in flight at the kill, and some are acknowledged just before it.
    const sending = members.map(async (member, i) => {
      const rooms = [...member.rooms.keys()];
      const pending: Promise<void>[] = [];
      for (let k = 0; killing; k++) {
        const room = pick(rooms);
        const clientMsgId = `c${i}-m${k}`;
        sent++;
        pending.push(member.client.send(room, `message ${k} from client ${i}`, clientMsgId).then((ack) => void acks.push({ room, clientMsgId, seq: ack.seq })));
        await sleep(options.sendIntervalMs * (0.5 + Math.random()));
      }
      await Promise.all(pending);
    });
    // Meanwhile each client edits and deletes its own acknowledged messages and reacts to anyone's.
    // A change is not resent by the SDK: one the kill cut off may or may not be stored; one that was
    // acknowledged must be stored exactly once.
    const changing = members.map(async (member, i) => {
      for (let k = 0; killing; k++) {
        await sleep(options.sendIntervalMs * 3 * (0.5 + Math.random()));
        const mine = acks.filter((a) => a.clientMsgId.startsWith(`c${i}-`));
        const any = acks.filter((a) => member.rooms.has(a.room));
        const kind = pick(['edit', 'edit', 'delete', 'react', 'react', 'unreact'] as const);
        const target = kind === 'edit' || kind === 'delete' ? mine.at(-1 - Math.floor(Math.random() * 3)) : pick(any.length ? any : [undefined]);
        if (!target) continue;
        changesSent++;
        const change =
          kind === 'edit'
            ? member.client.edit(target.room, target.seq, `edited ${k} by client ${i}`)
            : kind === 'delete'
              ? member.client.deleteMessage(target.room, target.seq)
              : member.client.react(target.room, target.seq, pick(['👍', '🎉', '❤️']), kind === 'react');
        change.then(
          (ack) => {
            if (ack.changed && ack.seq !== undefined) changeAcks.push({ room: target.room, seq: ack.seq, type: kind === 'edit' ? 'edit' : kind === 'delete' ? 'redact' : 'reaction', target: target.seq });
          },
          () => {
            // Refused (the message was deleted meanwhile) or cut off by a kill: checked by the fold below.
          },
        );
      }
    });

    while (restarts < options.restarts) {
      await sleep(options.minUpMs + Math.random() * (options.maxUpMs - options.minUpMs));
      await server.kill();
      // Down for a moment, so that reconnects fail and sends pile up in the outboxes.
      await sleep(Math.random() * 200);
      await server.start();
      restarts++;
      log(`chaos: restart ${restarts}/${options.restarts}, ${acks.length}/${sent} acknowledged so far`);
    }
    // One last quiet stretch for the outboxes to drain.
    await sleep(options.maxUpMs);
    killing = false;
    const allAcked = await Promise.race([Promise.all([...sending, ...changing]).then(() => true), sleep(60_000).then(() => false)]);
    if (!allAcked) log('chaos: not every message was acknowledged within 60 s of the last restart');

    const histories = new Map<string, HistoryEntry[]>();
    for (const room of roomNames) histories.set(room, await fullHistory(owner.client, room));
    // Live delivery and catch-up settle: every client reaches the end of each of its rooms.
    await until(() => members.every((m) => [...m.rooms].every(([room, r]) => (r.seen.at(-1) ?? r.from) >= (histories.get(room)!.at(-1)?.seq ?? 0))), 30_000);

    const report: ChaosReport = {
      restarts,
      sent,
      acknowledged: acks.length,
      stored: 0,
      lost: 0,
      duplicated: 0,
      seqMismatches: 0,
      gaps: 0,
      repeatedSeqs: 0,
      missedDeliveries: 0,
      duplicateDeliveries: 0,
      outOfOrderDeliveries: 0,
      changesSent,
      changesAcknowledged: changeAcks.length,
      changesLost: 0,
      changesDuplicated: 0,
      timelineMismatches: 0,
      durationMs: 0,
    };
    for (const change of changeAcks) {
      const copies = histories.get(change.room)!.filter((e) => e.seq === change.seq && e.type === change.type && 'target' in e && e.target === change.target);
      if (copies.length === 0) report.changesLost++;
      if (copies.length > 1) report.changesDuplicated++;
    }
    for (const [, entries] of histories) {
      const seqs = entries.map((e) => e.seq);
      const last = seqs.at(-1) ?? 0;
      report.repeatedSeqs += seqs.length - new Set(seqs).size;
      report.gaps += last - new Set(seqs).size;
      report.stored += entries.filter((e) => e.type === 'message').length;
    }
    for (const ack of acks) {
      const copies = histories.get(ack.room)!.filter((e) => e.type === 'message' && e.clientMsgId === ack.clientMsgId);
      if (copies.length === 0) report.lost++;
      if (copies.length > 1) report.duplicated++;
      if (copies.length === 1 && copies[0]!.seq !== ack.seq) report.seqMismatches++;
    }
    for (const member of members) {
      for (const [room, { from, seen }] of member.rooms) {
        const expected = histories.get(room)!.map((e) => e.seq).filter((s) => s > from);
        const seenSet = new Set(seen);
        report.missedDeliveries += expected.filter((s) => !seenSet.has(s)).length;
        report.duplicateDeliveries += seen.length - seenSet.size;
        report.outOfOrderDeliveries += seen.filter((s, i) => i > 0 && s < seen[i - 1]!).length;
      }
      for (const [room, { from, timeline }] of member.rooms) {
        const rebuilt = foldTimeline(emptyTimeline, histories.get(room)!, member.phone);
        if (JSON.stringify(shown(timeline, from)) !== JSON.stringify(shown(rebuilt, from))) report.timelineMismatches++;
      }
    }
    report.durationMs = Date.now() - started;
    return report;
  } finally {
    for (const member of members) member.client.close();
    await server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The figures as the command prints them. */
export function formatReport(r: ChaosReport): string {
  return [
    `restarts (SIGKILL):        ${r.restarts}`,
    `messages sent:             ${r.sent}`,
    `acknowledged:              ${r.acknowledged}`,
    `stored messages:           ${r.stored}`,
    `acknowledged but lost:     ${r.lost}`,
    `stored more than once:     ${r.duplicated}`,
    `stored under another seq:  ${r.seqMismatches}`,
    `seq gaps:                  ${r.gaps}`,
    `seq repeats:               ${r.repeatedSeqs}`,
    `deliveries missed:         ${r.missedDeliveries}`,
    `deliveries duplicated:     ${r.duplicateDeliveries}`,
    `deliveries out of order:   ${r.outOfOrderDeliveries}`,
    `changes sent / acked:      ${r.changesSent} / ${r.changesAcknowledged}`,
    `acked changes lost:        ${r.changesLost}`,
    `changes stored twice:      ${r.changesDuplicated}`,
    `timelines unlike the db:   ${r.timelineMismatches}`,
    `duration:                  ${(r.durationMs / 1000).toFixed(1)} s`,
  ].join('\n');
}

/** Whether the run upheld every guarantee. */
export function isClean(r: ChaosReport): boolean {
  return (
    r.acknowledged === r.sent &&
    r.stored === r.sent &&
    r.lost + r.duplicated + r.seqMismatches + r.gaps + r.repeatedSeqs + r.missedDeliveries + r.duplicateDeliveries + r.outOfOrderDeliveries + r.changesLost + r.changesDuplicated + r.timelineMismatches === 0
  );
}
