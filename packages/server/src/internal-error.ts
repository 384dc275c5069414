import { ParleyError } from '@parley/protocol';
import type { Logger } from './log.js';

/** Known errors pass through; anything else is logged and reported as `internal`, never leaked. */
export function toParleyError(error: unknown, log: Logger): ParleyError {
  if (error instanceof ParleyError) return error;
  log.error('unexpected error', { error });
  return new ParleyError('internal', 'Something went wrong on the server; it has been logged.');
}
