import type { Attachment, ErrorCode } from '@parley/protocol';

/** A message the server has not acknowledged yet, as an outbox store keeps it. */
export interface OutboxRecord {
  /** The idempotency key the server de-duplicates by: a message sent twice is stored once. */
  clientMsgId: string;
  room: string;
  /** Empty for files sent without a caption. */
  text: string;
  /** Files sent with it (uploaded already; only their ids go to the server). */
  attachments?: Attachment[];
  /** The seq of the message this one answers. */
  replyTo?: number;
  /** Phones of the members it mentions. */
  mentions?: string[];
  /** When it was written (ISO 8601); the outbox sends in this order. */
  ts: string;
  /** The phone of the account that wrote it: only that account's connection ever sends it. */
  owner: string;
  /** Set when the server refused it for good (not a network problem): kept for Retry or Discard. */
  failure?: { code: ErrorCode; message: string };
}

/**
 * Where the outbox keeps unacknowledged messages so that they outlive the process, the tab or
 * the browser. Implementations: MemoryOutboxStore (the default; lives as long as the client),
 * IndexedDbOutboxStore (browsers), FileOutboxStore (Node, from `@parley/client/node`).
 *
 * Contract: `put` replaces the record with the same clientMsgId; `delete` of an unknown id is a
 * no-op; `load` returns one owner's records oldest first (by `ts`, then by order of first
 * `put`). A write that resolved is durable to the degree the medium allows. Calls may overlap;
 * each takes effect in the order it was made.
 */
export interface OutboxStore {
  load(owner: string): Promise<OutboxRecord[]>;
  put(record: OutboxRecord): Promise<void>;
  delete(clientMsgId: string): Promise<void>;
}

/** Sorts records the way `load` returns them; stable, so equal timestamps keep insertion order. */
export function inSendOrder(records: OutboxRecord[]): OutboxRecord[] {
  return records.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
}
