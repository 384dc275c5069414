import type { UploadRecord, UploadStore } from '../storage.js';
import type { SqliteDatabase } from './open-database.js';

interface UploadRow {
  id: string;
  owner_id: number;
  room_id: number | null;
  name: string;
  type: string;
  size: number;
  width: number | null;
  height: number | null;
  sha256: string;
  thumbnail_sha256: string | null;
  created_at: string;
}

/** Upload metadata on SQLite. */
export function createSqliteUploadStore(db: SqliteDatabase): UploadStore {
  const insert = db.prepare(
    `INSERT INTO uploads (id, owner_id, room_id, name, type, size, width, height, sha256, thumbnail_sha256, created_at)
     VALUES (@id, @ownerId, @roomId, @name, @type, @size, @width, @height, @sha256, @thumbnailSha256, @createdAt)`,
  );
  const byId = db.prepare<[string], UploadRow>('SELECT * FROM uploads WHERE id = ?');
  const bytes = db.prepare<[number], { total: number | null }>('SELECT SUM(size) AS total FROM uploads WHERE owner_id = ?');
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
  };
}

function uploadOf(row: UploadRow): UploadRecord {
  return {
    id: row.id, ownerId: row.owner_id, roomId: row.room_id, name: row.name, type: row.type, size: row.size,
    width: row.width, height: row.height, sha256: row.sha256, thumbnailSha256: row.thumbnail_sha256, createdAt: row.created_at,
  };
}
