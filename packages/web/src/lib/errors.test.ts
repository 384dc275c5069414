import { describe, expect, it } from 'vitest';
import { ParleyError } from '@parley/client';
import { toFormErrors } from './errors.js';

const labels = { name: 'Name', phone: 'Phone', password: 'Password' };

describe('toFormErrors', () => {
  it('puts each API field error beside its field, led by the label', () => {
    const error = new ParleyError('invalid_input', 'Invalid sign-up.', [
      { field: 'phone', message: 'must be 6–15 digits' },
      { field: 'password', message: 'must be at least 8 characters' },
    ]);
    expect(toFormErrors(error, labels)).toEqual({
      fields: { phone: 'Phone must be 6–15 digits.', password: 'Password must be at least 8 characters.' },
      form: null,
    });
  });

  it('places a code that belongs to a field beside it', () => {
    expect(toFormErrors(new ParleyError('phone_taken', 'An account with that phone number exists.'), labels).fields.phone).toBe('An account with that phone number exists.');
  });

  it('shows everything else above the form', () => {
    expect(toFormErrors(new ParleyError('invalid_credentials', 'Wrong phone or password.'), labels)).toEqual({ fields: {}, form: 'Wrong phone or password.' });
    expect(toFormErrors(new ParleyError('unavailable', 'down'), labels).form).toMatch(/Cannot reach the server/);
  });
});
