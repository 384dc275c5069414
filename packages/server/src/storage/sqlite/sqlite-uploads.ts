import type { UploadRecord, UploadStore } from '../storage.js';
import type { SqliteDatabase } from './open-database.js';

interface UploadRow {
  id: string;
  owner_id: number;
  room_id: number | null;
  seq: number | null;
  name: string;
  type: string;
  size: number;
  width: number | null;
  height: number | null;
  sha256: string;
  thumbnail_sha256: string | null;
  created_at: string;
}

/** Upload metadata on SQLite. Uploads are sent (room and seq set) by the commit path, not here. */
export function createSqliteUploadStore(db: SqliteDatabase): UploadStore {
  const insert = db.prepare(
    `INSERT INTO uploads (id, owner_id, room_id, seq, name, type, size, width, height, sha256, thumbnail_sha256, created_at)
     VALUES (@id, @ownerId, @roomId, @seq, @name, @type, @size, @width, @height, @sha256, @thumbnailSha256, @createdAt)`,
  );
  const byId = db.prepare<[string], UploadRow>('SELECT * FROM uploads WHERE id = ?');
  const bytes = db.prepare<[number], { total: number | null }>('SELECT SUM(size) AS total FROM uploads WHERE owner_id = ?');
  const files = db.prepare<[number, number, number], UploadRow>('SELECT * FROM uploads WHERE room_id = ? AND seq < ? ORDER BY seq DESC, created_at, id LIMIT ?');
  const unsent = db.prepare<[string]>('DELETE FROM uploads WHERE room_id IS NULL AND created_at < ?');
  const blobs = db.prepare<[], { sha: string }>('SELECT sha256 AS sha FROM uploads UNION SELECT thumbnail_sha256 FROM uploads WHERE thumbnail_sha256 IS NOT NULL');
  return {
    async createUpload(record) {
      insert.run(record);
    },
    async findUpload(id) {
      const row = byId.get(id);
      return row ? uploadOf(row) : null;
    },
    async bytesOf(ownerId) {
      return bytes.get(ownerId)?.total ?? 0;
    },
    async roomFiles(roomId, page) {
      return files.all(roomId, page.before ?? 2 ** 31 - 1, page.limit).map(uploadOf);
    },
    async deleteUnsentBefore(cutoff) {
      return unsent.run(cutoff).changes;
    },
    async blobsInUse() {
      return new Set(blobs.all().map((r) => r.sha));
    },
  };
}

function uploadOf(row: UploadRow): UploadRecord {
  return {
    id: row.id, ownerId: row.owner_id, roomId: row.room_id, seq: row.seq, name: row.name, type: row.type, size: row.size,
    width: row.width, height: row.height, sha256: row.sha256, thumbnailSha256: row.thumbnail_sha256, createdAt: row.created_at,
  };
}
