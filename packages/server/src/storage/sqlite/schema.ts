/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how many have run.
 * Append only: a released migration never changes.
 *
 * The seed stored a room as a document {name, created_at, users, metadata {description,
 * settings {is_private, max_participants}}}; here `rooms` holds the scalar fields and
 * `memberships` the users, so that membership checks and "my rooms" are indexed look-ups.
 */
export const migrations: string[] = [
  `
  CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    phone TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX users_by_name ON users(name_key);

  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX sessions_by_user ON sessions(user_id);

  CREATE TABLE rooms (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('room', 'group', 'direct')),
    is_private INTEGER NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    owner_id INTEGER REFERENCES users(id),
    max_participants INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    last_seq INTEGER NOT NULL DEFAULT 0
  );

  CREATE TABLE memberships (
    room_id INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    joined_at TEXT NOT NULL,
    last_read_seq INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (room_id, user_id)
  ) WITHOUT ROWID;
  CREATE INDEX memberships_by_user ON memberships(user_id, room_id);

  CREATE TABLE entries (
    room_id INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('message', 'join', 'leave', 'invite')),
    sender_id INTEGER NOT NULL REFERENCES users(id),
    text TEXT NOT NULL,
    client_msg_id TEXT,
    ts TEXT NOT NULL,
    members TEXT,
    PRIMARY KEY (room_id, seq)
  ) WITHOUT ROWID;
  -- The idempotency key: a message sent again with the same clientMsgId is found, not stored twice.
  CREATE UNIQUE INDEX entries_by_client_msg ON entries(room_id, sender_id, client_msg_id) WHERE client_msg_id IS NOT NULL;
  `,
  // Sessions expire when idle too long, which needs the time of last use.
  `
  ALTER TABLE sessions ADD COLUMN last_seen_at TEXT NOT NULL DEFAULT '';
  UPDATE sessions SET last_seen_at = created_at;
  `,
  // User search finds people by the start of any word of their name through an index (a
  // "contains" LIKE scanned every user); existing names are split at spaces as nameWords does.
  `
  CREATE TABLE user_name_words (
    word TEXT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (word, user_id)
  ) WITHOUT ROWID;
  WITH RECURSIVE split(user_id, word, rest) AS (
    SELECT id, '', name_key || ' ' FROM users
    UNION ALL
    SELECT user_id, substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1) FROM split WHERE rest <> ''
  )
  INSERT OR IGNORE INTO user_name_words (word, user_id) SELECT word, user_id FROM split WHERE word <> '';
  `,
];
