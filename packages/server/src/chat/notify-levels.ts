import { defaultNotifyLevel, type NotifyFrame, type NotifyLevel, type NotifyReply } from '@parley/protocol';
import { noSuchRoom, type Actor, type ChatContext } from './chat-context.js';
import { authorize } from './policy.js';

/**
 * Sets what a chat notifies its member of. Kept with the membership, not on the device, so that
 * muting a chat on the phone mutes it on the laptop too; the member's connections are told at
 * once (over the bus, so on every node). Not a room event: nobody else sees it.
 */
export async function setNotifyLevel(ctx: ChatContext, actor: Actor, input: { room: string; level: NotifyLevel | null }): Promise<NotifyReply> {
  const room = await ctx.storage.rooms.findRoomByName(input.room);
  if (!room) throw noSuchRoom(input.room);
  const member = await ctx.storage.rooms.membership(room.id, actor.user.id);
  authorize('notify', { actorId: actor.user.id, room, member }, input.room);
  // A leave between the check and the write leaves nothing to set: the room is not theirs now.
  if (!(await ctx.storage.rooms.setNotify(room.id, actor.user.id, input.level))) throw noSuchRoom(input.room);
  const notify = input.level ?? defaultNotifyLevel(room.kind);
  const frame: NotifyFrame = { type: 'notify', room: room.name, level: notify };
  ctx.bus.publish({ type: 'users', userIds: [actor.user.id], frame: JSON.stringify(frame) });
  return { room: room.name, notify };
}
