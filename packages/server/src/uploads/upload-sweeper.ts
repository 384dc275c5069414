import type { Logger } from '../log.js';
import type { Storage } from '../storage/storage.js';
import type { BlobStore } from './blob-store.js';
import type { UploadStaging } from './upload-staging.js';
import type { UploadLimits } from './upload-limits.js';

/**
 * Removes what no one may fetch any more: uploads never sent within `unsentTtlMs`, then every
 * file no upload row names (deleted messages and rooms take their rows in their commit; this
 * takes the bytes), then temporary files a crash left. Each node runs one; running it on
 * several nodes at once is safe (removals are idempotent and a file still named is kept).
 */
export class UploadSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    private readonly storage: Storage,
    private readonly blobs: BlobStore,
    private readonly staging: UploadStaging,
    private readonly limits: Pick<UploadLimits, 'unsentTtlMs' | 'sweepIntervalMs' | 'blobGraceMs'>,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.sweep()
        .catch((error: unknown) => this.log.error('upload sweep failed', { error }))
        .finally(() => (this.running = undefined));
    }, this.limits.sweepIntervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass; returns what it removed. */
  async sweep(now = Date.now()): Promise<{ uploads: number; files: number }> {
    const uploads = await this.storage.uploads.deleteUnsentBefore(new Date(now - this.limits.unsentTtlMs).toISOString());
    // Listed before the names are read: a file committed after the list is not in it.
    const stored = await this.blobs.list();
    const named = await this.storage.uploads.blobsInUse();
    const cutoff = now - this.limits.blobGraceMs;
    let files = 0;
    for (const { sha256, writtenAt } of stored) {
      if (named.has(sha256) || writtenAt >= cutoff) continue;
      if (await this.blobs.remove(sha256, cutoff)) files++;
    }
    files += await this.staging.removeStale(cutoff);
    return { uploads, files };
  }
}
