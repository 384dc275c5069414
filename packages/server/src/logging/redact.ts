/**
 * What a log line must never hold, whoever wrote the call: tokens, passwords, phone numbers and
 * message text. Context keys that name them are replaced, however deep (three levels).
 */
const secretKey = /token|password|secret|authorization|cookie|phone|^text$|^body$|members/i;

export const redacted = '[redacted]';

function clean(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object' || value instanceof Error) return value;
  if (depth >= 3) return '[nested]';
  if (Array.isArray(value)) return value.map((v) => clean(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = secretKey.test(key) ? redacted : clean(v, depth + 1);
  return out;
}

/** The context with every secret-named key's value replaced by `[redacted]`. */
export function redactContext(context: Record<string, unknown>): Record<string, unknown> {
  return clean(context, 0) as Record<string, unknown>;
}
