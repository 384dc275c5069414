import type { User } from '@parley/client';

/** "Ann is typing…", "Ann and Ben are typing…", "Several people are typing…"; empty for nobody. */
export function typingText(users: readonly User[]): string {
  const [first, second] = users;
  if (!first) return '';
  if (!second) return `${first.name} is typing…`;
  if (users.length === 2) return `${first.name} and ${second.name} are typing…`;
  return 'Several people are typing…';
}
