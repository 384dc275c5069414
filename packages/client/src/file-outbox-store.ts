/// <reference types="node" />
// The one Node-only file of the SDK (the reference above brings Node's types for it); browsers never import it.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { inSendOrder, type OutboxRecord, type OutboxStore } from './outbox-store.js';

/**
 * Keeps the outbox in one JSON file, for Node clients (bots, the CLI) whose unsent messages must
 * survive a restart of the process. Each change rewrites the file through a temporary file and a
 * rename, so a crash leaves the old or the new contents, never half of one. Changes are applied
 * one at a time in the order they were made. Import from `@parley/client/node`.
 */
export class FileOutboxStore implements OutboxStore {
  private records: Map<string, OutboxRecord> | null = null;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly path: string) {}

  load(owner: string): Promise<OutboxRecord[]> {
    return this.run(async (records) => inSendOrder([...records.values()].filter((r) => r.owner === owner).map((r) => ({ ...r }))));
  }

  put(record: OutboxRecord): Promise<void> {
    return this.run(async (records) => {
      records.set(record.clientMsgId, { ...record });
      await this.save(records);
    });
  }

  delete(clientMsgId: string): Promise<void> {
    return this.run(async (records) => {
      if (records.delete(clientMsgId)) await this.save(records);
    });
  }

  private run<T>(step: (records: Map<string, OutboxRecord>) => Promise<T>): Promise<T> {
    const next = this.chain.then(async () => step(await this.read()));
    // A failed write must not wedge the ones after it; the caller still sees its own failure.
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async read(): Promise<Map<string, OutboxRecord>> {
    if (this.records) return this.records;
    let list: OutboxRecord[] = [];
    try {
      const parsed: unknown = JSON.parse(await readFile(this.path, 'utf8'));
      if (Array.isArray(parsed)) list = parsed.filter(isRecord);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    this.records = new Map(list.map((r) => [r.clientMsgId, r]));
    return this.records;
  }

  private async save(records: Map<string, OutboxRecord>): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify([...records.values()]));
    await rename(temporary, this.path);
  }
}

function isRecord(value: unknown): value is OutboxRecord {
  const r = value as Partial<OutboxRecord> | null;
  return typeof r === 'object' && r !== null && typeof r.clientMsgId === 'string' && typeof r.room === 'string' && typeof r.text === 'string' && typeof r.ts === 'string' && typeof r.owner === 'string';
}
