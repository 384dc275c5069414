import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** A file being written: its temporary path, byte count and SHA-256 once complete. */
export interface StagedFile {
  path: string;
  size: number;
  sha256: string;
}

/**
 * Files under `<dataDir>/blobs`, named by their SHA-256 (one copy of identical files). A file is
 * written to `tmp/` first and renamed into place when complete, so a crash mid-upload leaves no
 * half file under a served name.
 */
export class LocalBlobStore {
  private readonly tmpDir: string;
  private readonly blobDir: string;

  constructor(dataDir: string) {
    this.blobDir = join(dataDir, 'blobs');
    this.tmpDir = join(this.blobDir, 'tmp');
  }

  async open(): Promise<void> {
    await mkdir(this.tmpDir, { recursive: true });
  }

  /** A fresh temporary path for derived files (processed images, thumbnails). */
  tempPath(): string {
    return join(this.tmpDir, randomBytes(12).toString('hex'));
  }

  /** Streams `source` to a temporary file, hashing as it goes; the caller commits or discards it. */
  async stage(source: Readable): Promise<StagedFile> {
    const path = this.tempPath();
    const hash = createHash('sha256');
    let size = 0;
    source.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      size += chunk.length;
    });
    try {
      await pipeline(source, createWriteStream(path));
    } catch (error) {
      await rm(path, { force: true });
      throw error;
    }
    return { path, size, sha256: hash.digest('hex') };
  }

  /** Hashes a temporary file written by someone else (sharp) into a StagedFile. */
  async describe(path: string): Promise<StagedFile> {
    const hash = createHash('sha256');
    await pipeline(createReadStream(path), hash);
    return { path, size: (await stat(path)).size, sha256: hash.digest('hex') };
  }

  /** Moves a staged file to its content address (atomic rename on one file system). */
  async commit(file: StagedFile): Promise<void> {
    await rename(file.path, this.pathOf(file.sha256));
  }

  async discard(path: string): Promise<void> {
    await rm(path, { force: true });
  }

  /** Reads bytes `start`..`end` (inclusive) of a stored file, or all of it. */
  read(sha256: string, range?: { start: number; end: number }): ReadStream {
    return createReadStream(this.pathOf(sha256), range);
  }

  /** Every stored file with when it was written: the sweeper's view. */
  async list(): Promise<{ sha256: string; writtenAt: number }[]> {
    const names = (await readdir(this.blobDir)).filter((n) => /^[0-9a-f]{64}$/.test(n));
    const found: { sha256: string; writtenAt: number }[] = [];
    for (const name of names) {
      const info = await stat(join(this.blobDir, name)).catch(() => null);
      if (info) found.push({ sha256: name, writtenAt: info.mtimeMs });
    }
    return found;
  }

  /**
   * Removes a file unless it was written at or after `unlessWrittenSince`: the same bytes
   * uploaded again meanwhile were renamed over it, fresh, and an upload row is about to name them.
   */
  async remove(sha256: string, unlessWrittenSince: number): Promise<boolean> {
    const path = this.pathOf(sha256);
    const info = await stat(path).catch(() => null);
    if (!info || info.mtimeMs >= unlessWrittenSince) return false;
    await rm(path, { force: true });
    return true;
  }

  /** Removes temporary files older than `before` (ms since the epoch): what a crash mid-upload left. */
  async removeStaleTemp(before: number): Promise<number> {
    let removed = 0;
    for (const name of await readdir(this.tmpDir)) {
      const path = join(this.tmpDir, name);
      const info = await stat(path).catch(() => null);
      if (info && info.mtimeMs < before) {
        await rm(path, { force: true });
        removed++;
      }
    }
    return removed;
  }

  async sizeOf(sha256: string): Promise<number> {
    return (await stat(this.pathOf(sha256))).size;
  }

  private pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a SHA-256');
    return join(this.blobDir, sha256);
  }
}
