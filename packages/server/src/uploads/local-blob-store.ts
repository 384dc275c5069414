import { createReadStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { isSha256, type BlobStore, type StoredBlob } from './blob-store.js';
import type { StagedFile } from './upload-staging.js';

/**
 * Files under `<dataDir>/blobs`, named by their SHA-256. A staged file (in `blobs/tmp`, on the
 * same file system) is renamed into place when complete, so a crash mid-upload leaves no half
 * file under a served name.
 */
export class LocalBlobStore implements BlobStore {
  private readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'blobs');
  }

  get location(): string {
    return this.dir;
  }

  async open(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
  }

  async put(file: StagedFile): Promise<void> {
    await rename(file.path, this.pathOf(file.sha256));
  }

  async read(sha256: string, range?: { start: number; end: number }): Promise<Readable> {
    return createReadStream(this.pathOf(sha256), range);
  }

  async sizeOf(sha256: string): Promise<number> {
    return (await stat(this.pathOf(sha256))).size;
  }

  async list(): Promise<StoredBlob[]> {
    const found: StoredBlob[] = [];
    for (const name of (await readdir(this.dir)).filter(isSha256)) {
      const info = await stat(join(this.dir, name)).catch(() => null);
      if (info) found.push({ sha256: name, writtenAt: info.mtimeMs });
    }
    return found;
  }

  async remove(sha256: string, unlessWrittenSince: number): Promise<boolean> {
    const path = this.pathOf(sha256);
    const info = await stat(path).catch(() => null);
    if (!info || info.mtimeMs >= unlessWrittenSince) return false;
    await rm(path, { force: true });
    return true;
  }

  private pathOf(sha256: string): string {
    if (!isSha256(sha256)) throw new Error('not a SHA-256');
    return join(this.dir, sha256);
  }
}
