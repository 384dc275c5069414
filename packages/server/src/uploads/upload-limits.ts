/** Limits on uploads and how long their files are kept; every one is a server option. */
export interface UploadLimits {
  /** Bytes per file (default 25 MiB). */
  fileBytesMax: number;
  /** Bytes of all of one user's uploads (default 2 GiB). */
  quotaBytes: number;
  /** Pixels of an image the server decodes (default 50 megapixels): bigger ones are decompression bombs. */
  imagePixelsMax: number;
  /** How long an upload may stay unsent before the sweeper removes it (default 24 h). */
  unsentTtlMs: number;
  /** How often the sweeper runs (default 15 minutes): the bytes of deleted files go within this. */
  sweepIntervalMs: number;
  /**
   * A file no upload names is removed only once it is this old (default 10 minutes), so that
   * one whose row is being written (or a temporary file still streaming) is never taken.
   */
  blobGraceMs: number;
}

export const defaultUploadLimits: UploadLimits = {
  fileBytesMax: 25 * 1024 * 1024,
  quotaBytes: 2 * 1024 * 1024 * 1024,
  imagePixelsMax: 50_000_000,
  unsentTtlMs: 24 * 3600_000,
  sweepIntervalMs: 15 * 60_000,
  blobGraceMs: 10 * 60_000,
};
