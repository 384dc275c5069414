import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileOutboxStore } from './file-outbox-store.js';
import { outboxStoreContract } from './outbox-store.contract.js';

const freshPath = () => join(mkdtempSync(join(tmpdir(), 'parley-outbox-')), 'nested', 'outbox.json');

outboxStoreContract('FileOutboxStore', async () => {
  const path = freshPath();
  return { store: new FileOutboxStore(path), reopen: async () => new FileOutboxStore(path) };
});

describe('FileOutboxStore', () => {
  it('writes plain JSON that a new process reads back', async () => {
    const path = freshPath();
    await new FileOutboxStore(path).put({ clientMsgId: 'a', room: 'lobby', text: 'hi', ts: '2026-01-01T00:00:00.000Z', owner: '5550001' });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual([{ clientMsgId: 'a', room: 'lobby', text: 'hi', ts: '2026-01-01T00:00:00.000Z', owner: '5550001' }]);
  });

  it('skips entries that are not records, and refuses a file that is not JSON', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'parley-outbox-')), 'outbox.json');
    writeFileSync(path, JSON.stringify([{ clientMsgId: 'a', room: 'r', text: 't', ts: 'x', owner: 'o' }, { nonsense: true }, 7]));
    expect((await new FileOutboxStore(path).load('o')).map((r) => r.clientMsgId)).toEqual(['a']);
    writeFileSync(path, '{not json');
    await expect(new FileOutboxStore(path).load('o')).rejects.toThrow();
  });
});
