import { ParleyError } from '@parley/client';

/** Why an upload failed, in a few words a person can act on. */
export function uploadReason(error: unknown): string {
  if (typeof navigator !== 'undefined' && !navigator.onLine) return 'You are offline';
  if (error instanceof ParleyError) {
    switch (error.code) {
      case 'too_large':
        return 'Too large';
      case 'unsupported_type':
        return 'Type not allowed';
      case 'quota_exceeded':
        return 'Your storage is full';
      case 'rate_limited':
        return 'Too many uploads: wait a minute';
      case 'unavailable':
        return 'Could not reach the server';
      default:
        return error.message;
    }
  }
  return 'Upload failed';
}

/** 1234567 → "1.2 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}
