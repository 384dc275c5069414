import { describe, expect, it } from 'vitest';
import type { OutboxRecord, OutboxStore } from './outbox-store.js';

const record = (clientMsgId: string, extra: Partial<OutboxRecord> = {}): OutboxRecord => ({
  clientMsgId,
  room: 'lobby',
  text: `text of ${clientMsgId}`,
  ts: '2026-01-01T10:00:00.000Z',
  owner: '5550001',
  ...extra,
});

/** What every OutboxStore must do; each implementation's test file runs it. */
export function outboxStoreContract(name: string, make: () => Promise<{ store: OutboxStore; reopen?: () => Promise<OutboxStore> }>): void {
  describe(`${name} (outbox store contract)`, () => {
    it('gives back what was put, oldest first, one owner at a time', async () => {
      const { store } = await make();
      await store.put(record('b', { ts: '2026-01-01T10:00:02.000Z' }));
      await store.put(record('a', { ts: '2026-01-01T10:00:01.000Z' }));
      await store.put(record('x', { owner: '5550002' }));
      expect((await store.load('5550001')).map((r) => r.clientMsgId)).toEqual(['a', 'b']);
      expect((await store.load('5550002')).map((r) => r.clientMsgId)).toEqual(['x']);
      expect(await store.load('5550003')).toEqual([]);
    });

    it('keeps the order of first put among equal timestamps, and replaces by clientMsgId', async () => {
      const { store } = await make();
      for (const id of ['m1', 'm2', 'm3']) await store.put(record(id));
      await store.put(record('m1', { failure: { code: 'forbidden', message: 'no' } }));
      const loaded = await store.load('5550001');
      expect(loaded.map((r) => r.clientMsgId)).toEqual(['m1', 'm2', 'm3']);
      expect(loaded[0]).toEqual(record('m1', { failure: { code: 'forbidden', message: 'no' } }));
    });

    it('deletes by clientMsgId, and deleting what is not there is a no-op', async () => {
      const { store } = await make();
      await store.put(record('a'));
      await store.put(record('b'));
      await store.delete('a');
      await store.delete('never-there');
      expect((await store.load('5550001')).map((r) => r.clientMsgId)).toEqual(['b']);
    });

    it('applies overlapping calls in the order they were made', async () => {
      const { store } = await make();
      await Promise.all([store.put(record('a')), store.delete('a'), store.put(record('b')), store.put(record('c')), store.delete('c')]);
      expect((await store.load('5550001')).map((r) => r.clientMsgId)).toEqual(['b']);
    });

    it('returns copies: changing a loaded record changes nothing stored', async () => {
      const { store } = await make();
      const original = record('a');
      await store.put(original);
      original.text = 'changed after put';
      const [loaded] = await store.load('5550001');
      loaded!.text = 'changed after load';
      expect((await store.load('5550001'))[0]?.text).toBe('text of a');
    });

    it('still has every record when opened again (lasting stores)', async () => {
      const { store, reopen } = await make();
      if (!reopen) return;
      await store.put(record('a', { ts: '2026-01-01T10:00:01.000Z' }));
      await store.put(record('b', { ts: '2026-01-01T10:00:02.000Z' }));
      await store.delete('a');
      const again = await reopen();
      expect(await again.load('5550001')).toEqual([record('b', { ts: '2026-01-01T10:00:02.000Z' })]);
    });
  });
}
