/** Limits on uploads; every one is a server option. */
export interface UploadLimits {
  /** Bytes per file (default 25 MiB). */
  fileBytesMax: number;
  /** Bytes of all of one user's uploads (default 2 GiB). */
  quotaBytes: number;
  /** Pixels of an image the server decodes (default 50 megapixels): bigger ones are decompression bombs. */
  imagePixelsMax: number;
}

export const defaultUploadLimits: UploadLimits = {
  fileBytesMax: 25 * 1024 * 1024,
  quotaBytes: 2 * 1024 * 1024 * 1024,
  imagePixelsMax: 50_000_000,
};
