import type pg from 'pg';
import type { ConsentStore, InvitationRecord } from '../storage.js';
import { iso } from './open-pool.js';

/** Contacts, blocks and pending invitations on PostgreSQL. */
export function createPostgresConsentStore(pool: pg.Pool): ConsentStore {
  return {
    async contactsAmong(userId, otherIds) {
      if (otherIds.length === 0) return new Set();
      const { rows } = await pool.query<{ id: number }>(
        `SELECT o.id FROM unnest($2::int[]) AS o(id)
         WHERE EXISTS (SELECT 1 FROM memberships a JOIN memberships b ON b.room_id = a.room_id WHERE a.user_id = $1 AND b.user_id = o.id)
            OR EXISTS (SELECT 1 FROM contacts c WHERE c.user_id = $1 AND c.contact_id = o.id)`,
        [userId, otherIds],
      );
      return new Set(rows.map((r) => r.id));
    },
    async blockedBy(userId, otherIds) {
      if (otherIds.length === 0) return new Set();
      const { rows } = await pool.query<{ user_id: number }>('SELECT user_id FROM blocks WHERE blocked_id = $1 AND user_id = ANY($2::int[])', [userId, otherIds]);
      return new Set(rows.map((r) => r.user_id));
    },
    async block(userId, blockedId) {
      await pool.query('INSERT INTO blocks (user_id, blocked_id, created_at) VALUES ($1, $2, now()) ON CONFLICT DO NOTHING', [userId, blockedId]);
    },
    async unblock(userId, blockedId) {
      await pool.query('DELETE FROM blocks WHERE user_id = $1 AND blocked_id = $2', [userId, blockedId]);
    },
    async blocked(userId) {
      const { rows } = await pool.query<{ blocked_id: number }>('SELECT blocked_id FROM blocks WHERE user_id = $1 ORDER BY created_at DESC', [userId]);
      return rows.map((r) => r.blocked_id);
    },
    async invitationsOf(userId) {
      const { rows } = await pool.query<{ room_id: number; name: string; kind: InvitationRecord['kind']; member_count: number; inviter_id: number; created_at: Date }>(
        `SELECT i.room_id, r.name, r.kind, r.member_count, i.inviter_id, i.created_at FROM invitations i JOIN rooms r ON r.id = i.room_id
         WHERE i.invitee_id = $1 ORDER BY i.created_at DESC LIMIT 200`,
        [userId],
      );
      return rows.map((r) => ({ roomId: r.room_id, roomName: r.name, kind: r.kind, memberCount: r.member_count, inviterId: r.inviter_id, createdAt: iso(r.created_at) }));
    },
    async dropInvitation(roomId, userId) {
      return ((await pool.query('DELETE FROM invitations WHERE room_id = $1 AND invitee_id = $2', [roomId, userId])).rowCount ?? 0) > 0;
    },
    async dropInvitationsFrom(inviterId, userId) {
      await pool.query('DELETE FROM invitations WHERE inviter_id = $1 AND invitee_id = $2', [inviterId, userId]);
    },
  };
}
