const rules = new Intl.PluralRules('en');
const numbers = new Intl.NumberFormat('en');

/** "1 message", "3 messages": the count and the form English uses for it (Intl.PluralRules). */
export function plural(count: number, one: string, other: string): string {
  return `${numbers.format(count)} ${rules.select(count) === 'one' ? one : other}`;
}
