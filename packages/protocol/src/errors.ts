/**
 * The one registry of error codes. Every error Parley reports, over HTTP or WebSocket, carries
 * one of these codes; the HTTP status and retry advice come from here and nowhere else.
 * docs/protocol.md lists every code (a test checks that it does).
 */
export const errorCodes = {
  invalid_input: { status: 400, retryable: false, summary: 'A field is missing, mistyped or out of range; the message says which.' },
  unauthorized: { status: 401, retryable: false, summary: 'No valid token: sign in (again).' },
  invalid_credentials: { status: 401, retryable: false, summary: 'Phone or password is wrong (the same answer for both).' },
  forbidden: { status: 403, retryable: false, summary: 'Signed in, but not allowed to do this to this room.' },
  not_found: { status: 404, retryable: false, summary: 'No such route.' },
  user_not_found: { status: 404, retryable: false, summary: 'No account has that phone number.' },
  room_not_found: { status: 404, retryable: false, summary: 'No room has that name.' },
  message_not_found: { status: 404, retryable: false, summary: 'No message of that room has that seq (or it was deleted).' },
  upload_not_found: { status: 404, retryable: false, summary: 'No upload with that id that you may see.' },
  phone_taken: { status: 409, retryable: false, summary: 'An account with that phone number exists.' },
  room_exists: { status: 409, retryable: false, summary: 'A room with that name (ignoring case and look-alike letters) exists.' },
  room_full: { status: 409, retryable: false, summary: 'The room has reached its maximum number of participants.' },
  edit_window_passed: { status: 409, retryable: false, summary: 'The message is too old to be edited.' },
  too_many_reactions: { status: 409, retryable: false, summary: 'The message has as many distinct reactions as it may, or you have put as many on it as you may.' },
  quota_exceeded: { status: 507, retryable: false, summary: 'The account has reached a quota: rooms it may create or belong to, or storage for its files.' },
  request_timeout: { status: 408, retryable: true, summary: 'The request did not arrive in time (a body sent too slowly).' },
  payload_too_large: { status: 413, retryable: false, summary: 'The request body is over the size limit.' },
  too_large: { status: 413, retryable: false, summary: 'The file is over the per-file size limit (checked from Content-Length and again while it streams).' },
  unsupported_type: { status: 415, retryable: false, summary: 'The request is not multipart/form-data with one `file` part, or the file is an image the server will not decode.' },
  rate_limited: { status: 429, retryable: true, summary: 'Too many requests; wait and try again.' },
  internal: { status: 500, retryable: true, summary: 'An unexpected server error; it has been logged.' },
  unavailable: { status: 503, retryable: true, summary: 'The server is shutting down or its storage is unreachable; try again.' },
} as const satisfies Record<string, { status: number; retryable: boolean; summary: string }>;

export type ErrorCode = keyof typeof errorCodes;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(errorCodes, value);
}

/** One field that failed validation, for forms that show errors beside the right input. */
export interface FieldError {
  field: string;
  message: string;
}

/** The body of every HTTP error response. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; fields?: FieldError[] };
}

/** The one error class, thrown by the server and by the client SDK alike. */
export class ParleyError extends Error {
  override readonly name = 'ParleyError';
  readonly code: ErrorCode;
  readonly fields: FieldError[] | undefined;
  /** For rate_limited: seconds until a retry may succeed (HTTP sends it as Retry-After). */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ErrorCode, message: string, fields?: FieldError[], retryAfterSeconds?: number) {
    super(message);
    this.code = code;
    this.fields = fields;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  get status(): number {
    return errorCodes[this.code].status;
  }

  get retryable(): boolean {
    return errorCodes[this.code].retryable;
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) } };
  }
}
