import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
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
 * Temporary files of uploads in progress, under `<dataDir>/blobs/tmp` whatever the blob store:
 * an upload is sniffed and its image processed from a local file before it is stored.
 */
export class UploadStaging {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'blobs', 'tmp');
  }

  async open(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
  }

  /** A fresh temporary path for derived files (processed images, thumbnails). */
  tempPath(): string {
    return join(this.dir, randomBytes(12).toString('hex'));
  }

  /** Streams `source` to a temporary file, hashing as it goes; the caller stores or discards it. */
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

  async discard(path: string): Promise<void> {
    await rm(path, { force: true });
  }

  /** Removes temporary files older than `before` (ms since the epoch): what a crash mid-upload left. */
  async removeStale(before: number): Promise<number> {
    let removed = 0;
    for (const name of await readdir(this.dir)) {
      const path = join(this.dir, name);
      const info = await stat(path).catch(() => null);
      if (info && info.mtimeMs < before) {
        await rm(path, { force: true });
        removed++;
      }
    }
    return removed;
  }
}
