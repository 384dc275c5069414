import { ParleyError } from '@parley/client';

/** What to tell a person when an action failed. */
export function describeError(error: unknown): string {
  if (error instanceof ParleyError) {
    switch (error.code) {
      case 'unavailable':
        return 'Cannot reach the server. Check your connection and try again.';
      case 'internal':
        return 'Something went wrong on the server. Please try again.';
      case 'rate_limited':
        return 'Too many attempts. Wait a moment and try again.';
      default:
        return error.message;
    }
  }
  return 'Something went wrong. Please try again.';
}

/** Field errors from the API, keyed by field name, plus what belongs to no field. */
export interface FormErrors {
  fields: Record<string, string>;
  form: string | null;
}

const fieldForCode: Partial<Record<string, string>> = {
  phone_taken: 'phone',
  room_exists: 'room',
  user_not_found: 'members',
};

/**
 * Spreads an API error over a form: each field's message beside it, the rest on top.
 * `labels` maps the API's field names to the form's labels, which start each message
 * ("Phone must be 6–15 digits").
 */
export function toFormErrors(error: unknown, labels: Readonly<Record<string, string>>): FormErrors {
  const result: FormErrors = { fields: {}, form: null };
  if (error instanceof ParleyError) {
    for (const f of error.fields ?? []) {
      const name = f.field.split('.')[0] ?? f.field;
      const label = labels[name];
      if (label && !result.fields[name]) result.fields[name] = `${label} ${f.message}.`.replace(/\.\.$/, '.');
    }
    const codeField = fieldForCode[error.code];
    if (codeField && labels[codeField] && !result.fields[codeField]) result.fields[codeField] = error.message;
    if (Object.keys(result.fields).length > 0) return result;
  }
  result.form = describeError(error);
  return result;
}
