import type pg from 'pg';
import type { UploadStore } from '../storage.js';
import { iso } from './open-pool.js';

interface UploadRow {
  id: string;
  owner_id: number;
  room_id: number | null;
  name: string;
  type: string;
  size: string;
  width: number | null;
  height: number | null;
  sha256: string;
  thumbnail_sha256: string | null;
  created_at: Date;
}

/** Upload metadata on PostgreSQL (sizes are bigint, read back as numbers: files stay far below 2^53). */
export function createPostgresUploadStore(pool: pg.Pool): UploadStore {
  return {
    async createUpload(r) {
      await pool.query(
        `INSERT INTO uploads (id, owner_id, room_id, name, type, size, width, height, sha256, thumbnail_sha256, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [r.id, r.ownerId, r.roomId, r.name, r.type, r.size, r.width, r.height, r.sha256, r.thumbnailSha256, r.createdAt],
      );
    },
    async findUpload(id) {
      const { rows } = await pool.query<UploadRow>('SELECT * FROM uploads WHERE id = $1', [id]);
      const row = rows[0];
      if (!row) return null;
      return {
        id: row.id, ownerId: row.owner_id, roomId: row.room_id, name: row.name, type: row.type, size: Number(row.size),
        width: row.width, height: row.height, sha256: row.sha256, thumbnailSha256: row.thumbnail_sha256, createdAt: iso(row.created_at),
      };
    },
    async bytesOf(ownerId) {
      const { rows } = await pool.query<{ total: string | null }>('SELECT SUM(size) AS total FROM uploads WHERE owner_id = $1', [ownerId]);
      return Number(rows[0]?.total ?? 0);
    },
  };
}
