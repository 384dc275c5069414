import type pg from 'pg';
import type { UploadRecord, UploadStore } from '../storage.js';
import { iso } from './open-pool.js';

interface UploadRow {
  id: string;
  owner_id: number;
  room_id: number | null;
  seq: number | null;
  name: string;
  type: string;
  size: string;
  width: number | null;
  height: number | null;
  sha256: string;
  thumbnail_sha256: string | null;
  created_at: Date;
}

/**
 * Upload metadata on PostgreSQL (sizes are bigint, read back as numbers: files stay far below
 * 2^53). Uploads are sent (room and seq set) by the commit path, not here.
 */
export function createPostgresUploadStore(pool: pg.Pool): UploadStore {
  return {
    async createUpload(r) {
      await pool.query(
        `INSERT INTO uploads (id, owner_id, room_id, seq, name, type, size, width, height, sha256, thumbnail_sha256, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [r.id, r.ownerId, r.roomId, r.seq, r.name, r.type, r.size, r.width, r.height, r.sha256, r.thumbnailSha256, r.createdAt],
      );
    },
    async findUpload(id) {
      const { rows } = await pool.query<UploadRow>('SELECT * FROM uploads WHERE id = $1', [id]);
      return rows[0] ? uploadOf(rows[0]) : null;
    },
    async bytesOf(ownerId) {
      const { rows } = await pool.query<{ total: string | null }>('SELECT SUM(size) AS total FROM uploads WHERE owner_id = $1', [ownerId]);
      return Number(rows[0]?.total ?? 0);
    },
    async roomFiles(roomId, page) {
      const { rows } = await pool.query<UploadRow>('SELECT * FROM uploads WHERE room_id = $1 AND seq < $2 ORDER BY seq DESC, created_at, id LIMIT $3', [roomId, page.before ?? 2 ** 31 - 1, page.limit]);
      return rows.map(uploadOf);
    },
    async deleteUnsentBefore(cutoff) {
      const { rowCount } = await pool.query('DELETE FROM uploads WHERE room_id IS NULL AND created_at < $1', [cutoff]);
      return rowCount ?? 0;
    },
    async blobsInUse() {
      const { rows } = await pool.query<{ sha: string }>('SELECT sha256 AS sha FROM uploads UNION SELECT thumbnail_sha256 FROM uploads WHERE thumbnail_sha256 IS NOT NULL');
      return new Set(rows.map((r) => r.sha));
    },
  };
}

function uploadOf(row: UploadRow): UploadRecord {
  return {
    id: row.id, ownerId: row.owner_id, roomId: row.room_id, seq: row.seq, name: row.name, type: row.type, size: Number(row.size),
    width: row.width, height: row.height, sha256: row.sha256, thumbnailSha256: row.thumbnail_sha256, createdAt: iso(row.created_at),
  };
}
