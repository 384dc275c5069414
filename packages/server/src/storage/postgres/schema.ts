/**
 * PostgreSQL schema migrations, applied in order at start-up under an advisory lock, so that
 * nodes starting together do not race. Append only. The tables mirror the SQLite ones; seqs
 * are `integer` (2^31 entries per room), which keeps them plain numbers in JavaScript.
 */
export const migrations: string[] = [
  `
  CREATE TABLE users (
    id SERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    phone TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
  );
  CREATE INDEX users_by_name ON users(name_key);

  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL
  );
  CREATE INDEX sessions_by_user ON sessions(user_id);

  CREATE TABLE rooms (
    id SERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('room', 'group', 'direct')),
    is_private BOOLEAN NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    owner_id INTEGER REFERENCES users(id),
    max_participants INTEGER NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    last_seq INTEGER NOT NULL DEFAULT 0
  );

  CREATE TABLE memberships (
    room_id INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    joined_at TIMESTAMPTZ NOT NULL,
    last_read_seq INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (room_id, user_id)
  );
  CREATE INDEX memberships_by_user ON memberships(user_id, room_id);

  CREATE TABLE entries (
    room_id INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('message', 'join', 'leave', 'invite')),
    sender_id INTEGER NOT NULL REFERENCES users(id),
    text TEXT NOT NULL,
    client_msg_id TEXT,
    ts TIMESTAMPTZ NOT NULL,
    members JSONB,
    PRIMARY KEY (room_id, seq)
  );
  CREATE UNIQUE INDEX entries_by_client_msg ON entries(room_id, sender_id, client_msg_id) WHERE client_msg_id IS NOT NULL;
  `,
  // User search by index: name words and phone prefixes, compared by code point ("C"), so
  // that a prefix is one index range whatever the database's collation.
  `
  CREATE TABLE user_name_words (
    word TEXT COLLATE "C" NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (word, user_id)
  );
  INSERT INTO user_name_words (word, user_id)
    SELECT DISTINCT w, id FROM users, regexp_split_to_table(name_key, ' ') AS w WHERE w <> ''
    ON CONFLICT DO NOTHING;
  CREATE INDEX users_by_phone_prefix ON users (phone COLLATE "C");
  `,
];
