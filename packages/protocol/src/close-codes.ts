import { ParleyError } from './errors.js';

/**
 * WebSocket close codes. Application codes split into two ranges, so a client knows what to do
 * without knowing every code: 4000–4499 are terminal (do not reconnect with the same token),
 * 4500–4999 ask the client to reconnect and resume.
 */
export const closeCodes = {
  /** RFC 6455: a frame was larger than the server accepts (64 KiB). */
  messageTooBig: 1009,
  /** The auth frame carried a token that is not valid. */
  unauthorized: 4401,
  /** The session was ended by signout (or password change): sign in again. */
  sessionEnded: 4403,
  /** No auth frame arrived in time after the connection opened. */
  authTimeout: 4408,
  /** The connection kept sending faster than its rate limit after being warned. */
  rateLimited: 4429,

  /** The server is shutting down or restarting: reconnect, then resume. */
  serverRestart: 4500,
  /** The server could not check the token just now (its storage is unreachable): try again. */
  unavailable: 4503,
  /** The client read too slowly and its outgoing buffer passed the cap: reconnect and catch up. */
  slowConsumer: 4509,
  /** The user already has the maximum number of open connections: retry later (another may close). */
  tooManyConnections: 4529,
} as const;

/** The error a client reports when the server closed with this code for good (4000–4499). */
export function closeError(code: number, reason: string): ParleyError {
  switch (code) {
    case closeCodes.unauthorized:
    case closeCodes.sessionEnded:
      return new ParleyError('unauthorized', reason || 'The session has ended; sign in again.');
    case closeCodes.rateLimited:
      return new ParleyError('rate_limited', reason || 'The connection sent too fast and was closed.');
    case closeCodes.authTimeout:
      return new ParleyError('invalid_input', reason || 'The connection did not authenticate in time.');
    default:
      return new ParleyError('unavailable', reason || `The server closed the connection (${code}).`);
  }
}

/** Whether a client should reconnect after the server closed with this code. */
export function shouldReconnect(code: number): boolean {
  if (code >= 4000 && code < 4500) return false;
  return true;
}
