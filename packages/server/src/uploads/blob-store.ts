import type { Readable } from 'node:stream';
import type { StagedFile } from './upload-staging.js';

/** A stored file as the sweeper sees it. */
export interface StoredBlob {
  sha256: string;
  /** When it was written, in ms since the epoch. */
  writtenAt: number;
}

/**
 * Where uploaded files live, named by their SHA-256 (identical files are stored once). Bytes only:
 * who may see a file is in the database. Implementations: LocalBlobStore (the data dir, the
 * default) and S3BlobStore (an S3-compatible bucket, for several nodes); blob-store.contract.ts
 * is the suite both pass.
 */
export interface BlobStore {
  /**
   * Stores a complete staged file under its SHA-256, atomically: a reader sees all of it or
   * nothing, never part of it. The staged file is consumed (moved or copied, then removed).
   */
  put(file: StagedFile): Promise<void>;
  /** Bytes `start`..`end` (inclusive) of a stored file, or all of it. */
  read(sha256: string, range?: { start: number; end: number }): Promise<Readable>;
  sizeOf(sha256: string): Promise<number>;
  list(): Promise<StoredBlob[]>;
  /** Removes a file unless it was written at or after `unlessWrittenSince` (the same bytes uploaded again meanwhile). */
  remove(sha256: string, unlessWrittenSince: number): Promise<boolean>;
  /** Where the files are, for the start-up banner. */
  readonly location: string;
}

export function isSha256(value: string): boolean {
  return /^[0-9a-f]{64}$/.test(value);
}
