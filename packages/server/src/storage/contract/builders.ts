import type { Command, CommitResult } from '../../chat/events/command.js';
import type { NewRoomRow } from '../../chat/events/commit-tx.js';
import { roomNameKeys } from '../like.js';
import type { RoomRecord, Storage, UserRecord } from '../storage.js';

/** Test-data builders over a storage, through the same commit path the server uses. */
export function builders(storage: () => Storage) {
  let n = 0;
  const commit = (command: Command): Promise<CommitResult> => storage().events.commit(command);
  const buildUser = (overrides: Partial<{ name: string; phone: string }> = {}): Promise<UserRecord> => {
    n++;
    return storage().users.createUser({ name: overrides.name ?? `User ${n}`, phone: overrides.phone ?? `55500${1000 + n}`, passwordHash: 'hash' });
  };
  const buildRoom = async (owner: UserRecord, overrides: Partial<NewRoomRow> = {}, memberIds: number[] = [owner.id]): Promise<RoomRecord> => {
    const name = overrides.name ?? `room-${++n}`;
    const row: NewRoomRow = { name, ...roomNameKeys(name), kind: 'room', isPrivate: false, description: '', ownerId: owner.id, createdBy: owner.id, maxParticipants: 10, ...overrides };
    const result = await commit({ type: 'create_room', actorId: owner.id, row, memberIds });
    return (await storage().rooms.findRoomById(result.room.id))!;
  };
  const message = (roomId: number, sender: UserRecord, text: string, extra: Partial<Extract<Command, { type: 'message' }>> = {}) =>
    commit({ type: 'message', actorId: sender.id, roomId, clientMsgId: `c${++n}`, text, replyTo: null, mentions: [], ...extra });
  const seqOf = (result: CommitResult) => (result.duplicate ?? result.events[0])!.seq;
  return { commit, buildUser, buildRoom, message, seqOf };
}
