import type { RoomKind, StoredSystemEvent, User } from '@parley/client';

function listOf(names: string[]): string {
  return new Intl.ListFormat('en', { style: 'long', type: 'conjunction' }).format(names);
}

/**
 * The line shown for a membership change, made from the event's data (not the server's
 * wording), so that it can say "group" for a group and "you" for oneself.
 */
export function systemText(event: StoredSystemEvent, kind: RoomKind, me: User | null): string {
  const place = kind === 'group' ? 'the group' : 'the room';
  const who = (u: User) => (me && u.phone === me.phone ? 'You' : u.name);
  const whom = (u: User) => (me && u.phone === me.phone ? 'you' : u.name);
  switch (event.event) {
    case 'join':
      return `${who(event.user)} joined ${place}.`;
    case 'leave':
      return `${who(event.user)} left ${place}.`;
    case 'invite':
      return `${who(event.user)} added ${listOf((event.members ?? []).map(whom))} to ${place}.`;
    case 'owner':
      return `${who(event.user)} ${me && event.user.phone === me.phone ? 'are' : 'is'} now the owner of ${place}.`;
  }
}
