import type { Socket } from 'node:net';
import { textFrame } from './text-frame.js';

/** A text framed once, with an id so that identical runs of frames can be recognized. */
interface Framed {
  id: number;
  bytes: Buffer;
}

/** Where a batch is written: the connection decides whether it still may be. */
export interface FrameSink {
  readonly tcp: Socket;
  isOpen(): boolean;
}

// Under load the flush waits up to this long, so that more frames share each write.
const maxCoalesceMs = 8;

let frameIds = 0;
let lastText: string | undefined;
let lastFramed: Framed | undefined;
const pending = new Map<FrameSink, Framed[]>();
let scheduled = false;
let lastFlushMs = 0;
let lastFlushStart = 0;
/** The share of the time between flushes spent flushing: how much batching would save. */
let flushShare = 0;

/** Fan-out sends one text to many connections in a row: it is framed once, not once per member. */
function framed(text: string): Framed {
  if (text !== lastText || !lastFramed) {
    lastText = text;
    lastFramed = { id: ++frameIds, bytes: textFrame(text) };
  }
  return lastFramed;
}

/**
 * Queues a text for a connection. Frames wait for the next flush, which writes each
 * connection's frames with one write; connections with the same frames (the members of one
 * room) share one buffer. Normally the flush comes on the next turn. When flushing takes over
 * half of the time (big fan-outs back to back), it waits as long as the last flush took, at most
 * 8 ms: frames then share writes, and writes per second stop growing with deliveries per second.
 * Below that load nothing waits.
 */
export function enqueueFrame(sink: FrameSink, text: string): void {
  const frame = framed(text);
  const frames = pending.get(sink);
  if (frames) frames.push(frame);
  else pending.set(sink, [frame]);
  if (scheduled) return;
  scheduled = true;
  // Waiting as long as the last flush took keeps flushing to about half of the time.
  const delay = flushShare > 0.5 ? Math.min(maxCoalesceMs, lastFlushMs) : 0;
  if (delay === 0) setImmediate(flushFrames);
  else setTimeout(flushFrames, delay);
}

/** Writes one connection's queued frames now (before its close frame, say). */
export function flushSink(sink: FrameSink): void {
  const frames = pending.get(sink);
  if (!frames) return;
  pending.delete(sink);
  if (sink.isOpen()) sink.tcp.write(frames.length === 1 ? frames[0]!.bytes : Buffer.concat(frames.map((f) => f.bytes)));
}

/** Writes every queued frame now. */
export function flushFrames(): void {
  scheduled = false;
  if (pending.size === 0) return;
  const started = performance.now();
  const since = started - lastFlushStart;
  lastFlushStart = started;
  const shared = new Map<string, Buffer>();
  for (const [sink, frames] of pending) {
    if (!sink.isOpen()) continue;
    if (frames.length === 1) {
      sink.tcp.write(frames[0]!.bytes);
      continue;
    }
    const key = frames.map((f) => f.id).join(',');
    let bytes = shared.get(key);
    if (!bytes) {
      bytes = Buffer.concat(frames.map((f) => f.bytes));
      shared.set(key, bytes);
    }
    sink.tcp.write(bytes);
  }
  pending.clear();
  lastFlushMs = performance.now() - started;
  flushShare = since > 0 ? lastFlushMs / since : 1;
}
