import type { Command } from '../../chat/events/command.js';
import { applyCommand, type CommitRules } from '../../chat/events/apply-command.js';
import type { MemberFacts, RoomFacts, StoredEvent } from '../../chat/events/commit-tx.js';
import { CommitState, type BatchChanges, type FactLoader, type StoredMessageFacts } from '../commit-state.js';
import type { Outcome } from '../group-commit.js';
import type { SqliteDatabase } from './open-database.js';

interface RoomFactRow {
  id: number;
  name: string;
  kind: RoomFacts['kind'];
  is_private: number;
  owner_id: number | null;
  max_participants: number;
  member_count: number;
  last_seq: number;
}

export interface EventRow {
  room_id: number;
  seq: number;
  type: string;
  sender_id: number;
  target_seq: number | null;
  body: string;
  client_msg_id: string | null;
  ts: string;
}

export function toStoredEvent(row: EventRow): StoredEvent {
  return {
    roomId: row.room_id,
    seq: row.seq,
    type: row.type,
    senderId: row.sender_id,
    targetSeq: row.target_seq,
    body: JSON.parse(row.body) as Record<string, unknown>,
    clientMsgId: row.client_msg_id,
    ts: row.ts,
  };
}

/** The statements of the commit path, prepared once per connection. */
function prepare(db: SqliteDatabase) {
  return {
    room: db.prepare<[number], RoomFactRow>('SELECT id, name, kind, is_private, owner_id, max_participants, member_count, last_seq FROM rooms WHERE id = ?'),
    roomByKey: db.prepare<[string], { id: number }>('SELECT id FROM rooms WHERE name_key = ?'),
    roomBySkeleton: db.prepare<[string], { id: number }>('SELECT id FROM rooms WHERE name_skeleton = ?'),
    membership: db.prepare<[number, number], { user_id: number; joined_at: string; last_read_seq: number }>(
      'SELECT user_id, joined_at, last_read_seq FROM memberships WHERE room_id = ? AND user_id = ?',
    ),
    seniors: db.prepare<[number, number], { user_id: number }>('SELECT user_id FROM memberships WHERE room_id = ? ORDER BY joined_at, user_id LIMIT ?'),
    message: db.prepare<[number, number], { seq: number; sender_id: number; ts: string; deleted: number; text: string | null; edited_text: string | null; edited_at: string | null; state_seq: number }>(
      `SELECT m.seq, m.sender_id, e.ts, m.deleted, coalesce(m.edited_text, json_extract(e.body, '$.text')) AS text, m.edited_text, m.edited_at, m.state_seq
       FROM messages m JOIN entries e ON e.room_id = m.room_id AND e.seq = m.seq WHERE m.room_id = ? AND m.seq = ?`,
    ),
    reactions: db.prepare<[number, number], { emoji: string; user_id: number }>('SELECT emoji, user_id FROM reactions WHERE room_id = ? AND seq = ? ORDER BY n'),
    byClientMsgId: db.prepare<[number, number, string], EventRow>('SELECT * FROM entries WHERE room_id = ? AND sender_id = ? AND client_msg_id = ?'),
    lastRoomId: db.prepare<[], { seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'rooms'"),
    invitation: db.prepare<[number, number], { inviter_id: number }>('SELECT inviter_id FROM invitations WHERE room_id = ? AND invitee_id = ?'),
    putInvitation: db.prepare('INSERT OR REPLACE INTO invitations (room_id, invitee_id, inviter_id, created_at) VALUES (?, ?, ?, ?)'),
    deleteInvitation: db.prepare('DELETE FROM invitations WHERE room_id = ? AND invitee_id = ?'),
    addContact: db.prepare('INSERT OR IGNORE INTO contacts (user_id, contact_id) VALUES (?, ?), (?, ?)'),

    insertRoom: db.prepare(
      `INSERT INTO rooms (id, name, name_key, name_skeleton, kind, is_private, description, owner_id, created_by, max_participants, created_at, last_seq, member_count, last_message_seq, activity_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    updateRoom: db.prepare(
      'UPDATE rooms SET last_seq = ?, member_count = ?, owner_id = ?, last_message_seq = coalesce(?, last_message_seq), activity_at = coalesce(?, activity_at) WHERE id = ?',
    ),
    deleteRoom: db.prepare('DELETE FROM rooms WHERE id = ?'),
    insertEvent: db.prepare('INSERT INTO entries (room_id, seq, type, sender_id, target_seq, body, client_msg_id, ts) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
    insertMessage: db.prepare('INSERT INTO messages (room_id, seq, sender_id, edited_text, edited_at, reply_to, deleted, state_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
    updateMessage: db.prepare('UPDATE messages SET edited_text = ?, edited_at = ?, deleted = ?, state_seq = ? WHERE room_id = ? AND seq = ?'),
    insertMention: db.prepare('INSERT OR IGNORE INTO mentions (user_id, room_id, seq) VALUES (?, ?, ?)'),
    deleteMentions: db.prepare('DELETE FROM mentions WHERE room_id = ? AND seq = ?'),
    putMember: db.prepare('INSERT OR REPLACE INTO memberships (room_id, user_id, joined_at, last_read_seq) VALUES (?, ?, ?, ?)'),
    deleteMember: db.prepare('DELETE FROM memberships WHERE room_id = ? AND user_id = ?'),
    addReaction: db.prepare('INSERT OR IGNORE INTO reactions (room_id, seq, emoji, user_id, n) VALUES (?, ?, ?, ?, ?)'),
    removeReaction: db.prepare('DELETE FROM reactions WHERE room_id = ? AND seq = ? AND emoji = ? AND user_id = ?'),
    wipeText: db.prepare(
      "UPDATE entries SET body = json_remove(body, '$.text') WHERE room_id = ? AND (seq = ? OR (target_seq = ? AND type = 'edit'))",
    ),
    indexWords: db.prepare('INSERT OR REPLACE INTO message_words (rowid, text) VALUES ((? << 32) | ?, ?)'),
    indexTrigrams: db.prepare('INSERT OR REPLACE INTO message_trigrams (rowid, text) VALUES ((? << 32) | ?, ?)'),
    unindexWords: db.prepare('DELETE FROM message_words WHERE rowid = (? << 32) | ?'),
    unindexTrigrams: db.prepare('DELETE FROM message_trigrams WHERE rowid = (? << 32) | ?'),
    // A room's rows lie in one rowid range (room_id << 32 | seq); FTS tables have no cascade.
    unindexRoomWords: db.prepare('DELETE FROM message_words WHERE rowid BETWEEN (? << 32) AND (? << 32) | 4294967295'),
    unindexRoomTrigrams: db.prepare('DELETE FROM message_trigrams WHERE rowid BETWEEN (? << 32) AND (? << 32) | 4294967295'),
    markRead: db.prepare('UPDATE memberships SET last_read_seq = max(last_read_seq, ?) WHERE room_id = ? AND user_id = ?'),
  };
}

type Statements = ReturnType<typeof prepare>;

/** Facts straight from the open transaction. */
function loader(s: Statements): FactLoader {
  let lastRoomId: number | null = null;
  return {
    room(roomId) {
      const row = s.room.get(roomId);
      return row
        ? { id: row.id, name: row.name, kind: row.kind, isPrivate: row.is_private === 1, ownerId: row.owner_id, maxParticipants: row.max_participants, memberCount: row.member_count, lastSeq: row.last_seq }
        : null;
    },
    roomIdByKey: (key) => s.roomByKey.get(key)?.id ?? null,
    roomIdBySkeleton: (skeleton) => s.roomBySkeleton.get(skeleton)?.id ?? null,
    membership(roomId, userId): MemberFacts | null {
      const row = s.membership.get(roomId, userId);
      return row ? { userId: row.user_id, joinedAt: row.joined_at, lastReadSeq: row.last_read_seq } : null;
    },
    seniors: (roomId, limit) => s.seniors.all(roomId, limit).map((r) => r.user_id),
    message(roomId, seq): StoredMessageFacts | null {
      const row = s.message.get(roomId, seq);
      return row
        ? { seq: row.seq, senderId: row.sender_id, ts: row.ts, text: row.deleted ? null : row.text, deleted: row.deleted === 1, editedText: row.edited_text, editedAt: row.edited_at, stateSeq: row.state_seq }
        : null;
    },
    reactions: (roomId, seq) => s.reactions.all(roomId, seq).map((r) => [r.emoji, r.user_id] as [string, number]),
    byClientMsgId(roomId, senderId, clientMsgId) {
      const row = s.byClientMsgId.get(roomId, senderId, clientMsgId);
      return row ? toStoredEvent(row) : null;
    },
    invitation(roomId, userId) {
      const row = s.invitation.get(roomId, userId);
      return row ? { inviterId: row.inviter_id } : null;
    },
    newRoomId() {
      // AUTOINCREMENT's counter never goes back, so a deleted room's id is never handed out again.
      lastRoomId = (lastRoomId ?? s.lastRoomId.get()?.seq ?? 0) + 1;
      return lastRoomId;
    },
  };
}

/** Writes a batch's final states, in an order the foreign keys accept. */
function write(s: Statements, changes: BatchChanges, now: string): void {
  const deleted = new Set(changes.rooms.filter((r) => r.deleted).map((r) => r.id));
  for (const room of changes.rooms) {
    if (!room.created || room.deleted) continue;
    const c = room.created;
    s.insertRoom.run(room.id, c.name, c.nameKey, c.nameSkeleton, c.kind, c.isPrivate ? 1 : 0, c.description, room.ownerId, c.createdBy, c.maxParticipants, c.createdAt, room.lastSeq, room.memberCount, room.lastMessageSeq ?? 0, room.activityAt ?? c.createdAt);
  }
  for (const e of changes.events) {
    if (deleted.has(e.roomId)) continue;
    s.insertEvent.run(e.roomId, e.seq, e.type, e.senderId, e.targetSeq, JSON.stringify(e.body), e.clientMsgId, e.ts);
  }
  for (const m of changes.messages) {
    if (deleted.has(m.roomId)) continue;
    if (m.isNew) {
      s.insertMessage.run(m.roomId, m.seq, m.senderId, m.editedText, m.editedAt, m.replyTo, m.deleted ? 1 : 0, m.stateSeq);
      if (!m.deleted) for (const userId of m.mentions) s.insertMention.run(userId, m.roomId, m.seq);
    } else {
      s.updateMessage.run(m.editedText, m.editedAt, m.deleted ? 1 : 0, m.stateSeq, m.roomId, m.seq);
    }
    // The search index follows the current text: new and edited text in, deleted text out.
    if (m.deleted) {
      if (!m.isNew) {
        s.unindexWords.run(m.roomId, m.seq);
        s.unindexTrigrams.run(m.roomId, m.seq);
      }
    } else if (m.textChanged && m.text !== null) {
      s.indexWords.run(m.roomId, m.seq, m.text);
      s.indexTrigrams.run(m.roomId, m.seq, m.text);
    }
  }
  for (const { roomId, userId, after } of changes.memberships) {
    if (deleted.has(roomId)) continue;
    if (after) s.putMember.run(roomId, userId, after.joinedAt, after.lastReadSeq);
    else s.deleteMember.run(roomId, userId);
  }
  for (const r of changes.reactions) {
    if (deleted.has(r.roomId)) continue;
    if (r.on) s.addReaction.run(r.roomId, r.seq, r.emoji, r.userId, r.order);
    else s.removeReaction.run(r.roomId, r.seq, r.emoji, r.userId);
  }
  for (const { roomId, seq } of changes.redacted) {
    if (deleted.has(roomId)) continue;
    s.wipeText.run(roomId, seq, seq);
    s.deleteMentions.run(roomId, seq);
  }
  for (const { roomId, userId, seq } of changes.readMarks) {
    if (!deleted.has(roomId)) s.markRead.run(seq, roomId, userId);
  }
  for (const { roomId, userId, inviterId } of changes.invitations) {
    if (deleted.has(roomId)) continue;
    if (inviterId === null) s.deleteInvitation.run(roomId, userId);
    else s.putInvitation.run(roomId, userId, inviterId, now);
  }
  for (const [a, b] of changes.contacts) s.addContact.run(a, b, b, a);
  for (const room of changes.rooms) {
    if (room.deleted) {
      if (!room.created) {
        s.deleteRoom.run(room.id);
        s.unindexRoomWords.run(room.id, room.id);
        s.unindexRoomTrigrams.run(room.id, room.id);
      }
      continue;
    }
    if (room.created) continue;
    s.updateRoom.run(room.lastSeq, room.memberCount, room.ownerId, room.lastMessageSeq ?? null, room.activityAt ?? null, room.id);
  }
}

/**
 * The SQLite commit path: one transaction per batch. Each command is applied to a CommitState;
 * one that is refused is undone there and fails alone; the batch's final states are written
 * once at the end. Synchronous, so it can run on a thread of its own.
 */
export function createSqliteBatchRunner(db: SqliteDatabase, rules: CommitRules): (commands: Command[]) => Outcome[] {
  const s = prepare(db);
  const facts = loader(s);
  return db.transaction((commands: Command[]): Outcome[] => {
    const state = new CommitState(facts, new Date().toISOString());
    const outcomes = commands.map((command): Outcome => {
      state.begin();
      try {
        return { ok: true, result: applyCommand(state, command, rules) };
      } catch (error) {
        state.rollback();
        return { ok: false, error };
      }
    });
    write(s, state.changes(), state.now);
    return outcomes;
  });
}
