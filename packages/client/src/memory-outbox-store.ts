import { inSendOrder, type OutboxRecord, type OutboxStore } from './outbox-store.js';

/** Keeps the outbox in memory: it survives reconnects, not the process. The SDK's default. */
export class MemoryOutboxStore implements OutboxStore {
  private readonly records = new Map<string, OutboxRecord>();

  async load(owner: string): Promise<OutboxRecord[]> {
    return inSendOrder([...this.records.values()].filter((r) => r.owner === owner).map((r) => ({ ...r })));
  }

  async put(record: OutboxRecord): Promise<void> {
    this.records.set(record.clientMsgId, { ...record });
  }

  async delete(clientMsgId: string): Promise<void> {
    this.records.delete(clientMsgId);
  }
}
