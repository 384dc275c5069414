import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlobStore } from './blob-store.js';
import { UploadStaging } from './upload-staging.js';

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The contract every BlobStore keeps, run against each implementation with a fresh store. */
export function describeBlobStore(name: string, open: (dataDir: string) => Promise<{ store: BlobStore; close: () => Promise<void> }>): void {
  describe(`blob store: ${name}`, () => {
    let dataDir: string;
    let staging: UploadStaging;
    let store: BlobStore;
    let close: () => Promise<void>;

    beforeAll(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'parley-blobs-'));
      staging = new UploadStaging(dataDir);
      await staging.open();
      ({ store, close } = await open(dataDir));
    });
    afterAll(async () => {
      await close?.();
      await rm(dataDir, { recursive: true, force: true });
    });

    async function staged(content: Buffer) {
      const path = staging.tempPath();
      await writeFile(path, content);
      return staging.describe(path);
    }

    it('stores a file under its SHA-256 and reads it back whole and by ranges', async () => {
      const content = Buffer.from('0123456789abcdef'.repeat(1000));
      const file = await staged(content);
      expect((await store.list()).map((b) => b.sha256)).not.toContain(file.sha256);
      await store.put(file);
      expect(await bytesOf(await store.read(file.sha256))).toEqual(content);
      expect((await bytesOf(await store.read(file.sha256, { start: 4, end: 7 }))).toString()).toBe('4567');
      expect(await store.sizeOf(file.sha256)).toBe(content.length);
      const listed = (await store.list()).find((b) => b.sha256 === file.sha256);
      expect(listed?.writtenAt).toBeGreaterThan(Date.now() - 60_000);
    });

    it('takes the same bytes twice as one file, and consumes the staged file', async () => {
      const content = Buffer.from('twice');
      const first = await staged(content);
      const second = await staged(content);
      await store.put(first);
      await store.put(second);
      expect((await store.list()).filter((b) => b.sha256 === first.sha256)).toHaveLength(1);
      expect(await staging.removeStale(Date.now() + 1000)).toBe(0);
    });

    it('removes a file only when it was written before the cutoff', async () => {
      const file = await staged(Buffer.from('to be removed'));
      await store.put(file);
      expect(await store.remove(file.sha256, Date.now() - 60_000)).toBe(false);
      expect(await store.sizeOf(file.sha256)).toBe(13);
      expect(await store.remove(file.sha256, Date.now() + 60_000)).toBe(true);
      expect((await store.list()).map((b) => b.sha256)).not.toContain(file.sha256);
      await expect(store.sizeOf(file.sha256)).rejects.toThrow();
      expect(await store.remove(file.sha256, Date.now() + 60_000)).toBe(false);
    });

    it('refuses a name that is not a SHA-256', async () => {
      await expect(store.read('../../etc/passwd')).rejects.toThrow();
    });
  });
}
