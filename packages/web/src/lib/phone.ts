import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

const cache = new Map<string, string>();

/**
 * A stored phone (digits only, country code first, as the server keeps it) written the way
 * people read it: "442079460101" becomes "+44 20 7946 0101". Digits that make no valid number
 * anywhere are shown as they are.
 */
export function formatPhone(digits: string): string {
  let shown = cache.get(digits);
  if (shown === undefined) {
    const parsed = /^\d+$/.test(digits) ? parsePhoneNumberFromString(`+${digits}`) : undefined;
    shown = parsed?.isValid() ? parsed.formatInternational() : digits;
    cache.set(digits, shown);
  }
  return shown;
}
