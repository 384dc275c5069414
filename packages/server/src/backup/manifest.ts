import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** Thrown when a backup cannot be made or restored; its message is one sentence for the operator. */
export class BackupError extends Error {}

/** The archive's table of contents, its first entry: what it holds, so that a restore can check it all. */
export interface Manifest {
  format: 'parley-backup';
  formatVersion: 1;
  parleyVersion: string;
  createdAt: string;
  /** The SQLite schema version of the database copy (PRAGMA user_version). */
  schemaVersion: number;
  /** Every file in the archive but this manifest: `parley.db`, and the data dir's other files under `files/`. */
  entries: { path: string; size: number; sha256: string }[];
}

export const manifestName = 'parley-backup.json';
export const databaseEntry = 'parley.db';
export const filesPrefix = 'files/';

export function sha256Of(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** "1.2 MB", for the summaries the commands print. */
export function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} kB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}
