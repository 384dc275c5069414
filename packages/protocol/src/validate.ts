import type { z } from 'zod';
import { ParleyError, type FieldError } from './errors.js';
import { clientFrameSchemas, frameIdSchema, isClientFrameType, type ClientFrameBody, type ClientFrameType, type FrameId } from './client-frames.js';

function toFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.join('.') : '(body)',
    message: issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message,
  }));
}

/** Parses `value` with `schema`, or throws invalid_input naming each bad field and why. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what = 'input'): z.output<S> {
  // reportInput lets a mistyped field ("expected a string") be told apart from a missing one.
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  const fields = toFieldErrors(result.error);
  const message = `Invalid ${what}: ${fields.map((f) => `${f.field} ${f.message}`).join('; ')}.`;
  throw new ParleyError('invalid_input', message, fields);
}

/** A client frame, parsed and normalized; `id` is kept even when the rest is invalid. */
export type ParsedClientFrame = { [T in ClientFrameType]: { type: T; id: FrameId | undefined; body: ClientFrameBody<T> } }[ClientFrameType];

/** Thrown for a frame that is not valid; carries the frame's id when it had a usable one. */
export class FrameError extends ParleyError {
  constructor(
    readonly frameId: FrameId | undefined,
    cause: ParleyError,
  ) {
    super(cause.code, cause.message, cause.fields);
  }
}

/** Parses one text frame from a client. Throws FrameError (invalid_input) for anything malformed. */
export function parseClientFrame(text: string): ParsedClientFrame {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new FrameError(undefined, new ParleyError('invalid_input', 'Frame is not valid JSON.'));
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new FrameError(undefined, new ParleyError('invalid_input', 'Frame must be a JSON object.'));
  }
  const record = raw as Record<string, unknown>;
  let id: FrameId | undefined;
  if (record.id !== undefined) {
    const parsedId = frameIdSchema.safeParse(record.id);
    if (!parsedId.success) {
      throw new FrameError(undefined, new ParleyError('invalid_input', 'Frame id must be a string of at most 64 characters or an integer.', [{ field: 'id', message: 'is not a valid frame id' }]));
    }
    id = parsedId.data;
  }
  const type = record.type;
  if (!isClientFrameType(type)) {
    const message = typeof type === 'string' ? `Unknown frame type "${type.slice(0, 40)}".` : 'Frame type is required.';
    throw new FrameError(id, new ParleyError('invalid_input', message, [{ field: 'type', message: typeof type === 'string' ? 'is not a known type' : 'is required' }]));
  }
  try {
    const body = parseInput(clientFrameSchemas[type], record, `${type} frame`);
    return { type, id, body } as ParsedClientFrame;
  } catch (error) {
    throw new FrameError(id, error as ParleyError);
  }
}
