import type { ConsentStore, InvitationRecord } from '../storage.js';
import type { SqliteDatabase } from './open-database.js';

/** Contacts, blocks and pending invitations on SQLite. */
export function createSqliteConsentStore(db: SqliteDatabase): ConsentStore {
  const sharesRoom = db.prepare<[number, number], { one: number }>(
    'SELECT 1 AS one FROM memberships a JOIN memberships b ON b.room_id = a.room_id WHERE a.user_id = ? AND b.user_id = ? LIMIT 1',
  );
  const accepted = db.prepare<[number, number], { one: number }>('SELECT 1 AS one FROM contacts WHERE user_id = ? AND contact_id = ?');
  const blockedBy = db.prepare<[number, number], { one: number }>('SELECT 1 AS one FROM blocks WHERE user_id = ? AND blocked_id = ?');
  const block = db.prepare('INSERT OR IGNORE INTO blocks (user_id, blocked_id, created_at) VALUES (?, ?, ?)');
  const unblock = db.prepare('DELETE FROM blocks WHERE user_id = ? AND blocked_id = ?');
  const blocked = db.prepare<[number], { blocked_id: number }>('SELECT blocked_id FROM blocks WHERE user_id = ? ORDER BY created_at DESC');
  const invitations = db.prepare<[number], { room_id: number; name: string; kind: InvitationRecord['kind']; member_count: number; inviter_id: number; created_at: string }>(
    `SELECT i.room_id, r.name, r.kind, r.member_count, i.inviter_id, i.created_at FROM invitations i JOIN rooms r ON r.id = i.room_id
     WHERE i.invitee_id = ? ORDER BY i.created_at DESC LIMIT 200`,
  );
  const drop = db.prepare('DELETE FROM invitations WHERE room_id = ? AND invitee_id = ?');
  const dropFrom = db.prepare('DELETE FROM invitations WHERE inviter_id = ? AND invitee_id = ?');
  return {
    async contactsAmong(userId, otherIds) {
      return new Set(otherIds.filter((id) => sharesRoom.get(userId, id) !== undefined || accepted.get(userId, id) !== undefined));
    },
    async blockedBy(userId, otherIds) {
      return new Set(otherIds.filter((id) => blockedBy.get(id, userId) !== undefined));
    },
    async block(userId, blockedId) {
      block.run(userId, blockedId, new Date().toISOString());
    },
    async unblock(userId, blockedId) {
      unblock.run(userId, blockedId);
    },
    async blocked(userId) {
      return blocked.all(userId).map((r) => r.blocked_id);
    },
    async invitationsOf(userId) {
      return invitations.all(userId).map((r) => ({ roomId: r.room_id, roomName: r.name, kind: r.kind, memberCount: r.member_count, inviterId: r.inviter_id, createdAt: r.created_at }));
    },
    async dropInvitation(roomId, userId) {
      return drop.run(roomId, userId).changes > 0;
    },
    async dropInvitationsFrom(inviterId, userId) {
      dropFrom.run(inviterId, userId);
    },
  };
}
