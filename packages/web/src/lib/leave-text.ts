import type { PublicUser } from '@parley/client';
import type { RoomSummary } from './chat-types.js';

/**
 * What leaving does, said before one confirms. The server hands a room its owner leaves to the
 * longest-standing member (the first of the member list, which comes in joining order); a
 * private room or group left empty is deleted with its history; a public one waits, without an
 * owner, for whoever joins next.
 */
export function leaveText(room: RoomSummary, members: PublicUser[] | undefined, myPhone: string | undefined): string {
  const place = room.kind === 'group' ? 'group' : 'room';
  const others = (members ?? []).filter((m) => m.phone !== myPhone);
  const comeBack = room.isPrivate ? 'You will need to be added again to come back.' : 'You can join again from search at any time.';
  if (room.owner !== myPhone) return comeBack;
  const successor = others[0];
  if (successor) return `You own this ${place}. When you leave, ${successor.name} becomes its owner (the member who has been here longest) and can delete it. ${comeBack}`;
  if (members === undefined) return `You own this ${place}. When you leave, the member who has been here longest becomes its owner. ${comeBack}`;
  if (room.isPrivate) return `You are the last member: when you leave, the ${place} and all its messages are deleted. This cannot be undone.`;
  return `You are the last member. The ${place} stays open, and whoever joins it next becomes its owner.`;
}
