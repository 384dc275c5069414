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
  // Room events (issue 9), as on SQLite: typed events with a JSON body, derived tables updated in
  // the same commit. SERIAL ids are never reused already; rooms gain the counters the list needs.
  `
  ALTER TABLE rooms ADD COLUMN created_by INTEGER REFERENCES users(id);
  ALTER TABLE rooms ADD COLUMN member_count INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE rooms ADD COLUMN last_message_seq INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE rooms ADD COLUMN activity_at TIMESTAMPTZ;
  UPDATE rooms r SET
    created_by = coalesce(r.owner_id, (SELECT m.user_id FROM memberships m WHERE m.room_id = r.id ORDER BY m.joined_at, m.user_id LIMIT 1)),
    member_count = (SELECT count(*) FROM memberships m WHERE m.room_id = r.id),
    last_message_seq = coalesce((SELECT max(e.seq) FROM entries e WHERE e.room_id = r.id AND e.kind = 'message'), 0),
    activity_at = coalesce((SELECT e.ts FROM entries e WHERE e.room_id = r.id AND e.kind = 'message' ORDER BY e.seq DESC LIMIT 1), r.created_at);
  ALTER TABLE rooms ALTER COLUMN activity_at SET NOT NULL;
  CREATE INDEX rooms_by_creator ON rooms(created_by, created_at);

  ALTER TABLE entries ADD COLUMN type TEXT;
  ALTER TABLE entries ADD COLUMN target_seq INTEGER;
  ALTER TABLE entries ADD COLUMN body JSONB;
  UPDATE entries e SET
    type = CASE e.kind WHEN 'message' THEN 'message' ELSE 'member' END,
    body = CASE e.kind
      WHEN 'message' THEN jsonb_build_object('text', e.text)
      WHEN 'invite' THEN jsonb_build_object('op', 'invite', 'users', coalesce((
        SELECT jsonb_agg(u.id ORDER BY j.n) FROM jsonb_array_elements(e.members) WITH ORDINALITY AS j(value, n)
        JOIN users u ON u.phone = j.value->>'phone'), '[]'::jsonb))
      ELSE jsonb_build_object('op', e.kind, 'users', jsonb_build_array(e.sender_id))
    END;
  ALTER TABLE entries ALTER COLUMN type SET NOT NULL;
  ALTER TABLE entries ALTER COLUMN body SET NOT NULL;

  CREATE TABLE messages (
    room_id INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    sender_id INTEGER NOT NULL REFERENCES users(id),
    edited_text TEXT,
    edited_at TIMESTAMPTZ,
    reply_to INTEGER,
    deleted BOOLEAN NOT NULL DEFAULT false,
    state_seq INTEGER NOT NULL,
    PRIMARY KEY (room_id, seq)
  );
  INSERT INTO messages (room_id, seq, sender_id, state_seq) SELECT room_id, seq, sender_id, seq FROM entries WHERE kind = 'message';
  ALTER TABLE entries DROP COLUMN kind;
  ALTER TABLE entries DROP COLUMN text;
  ALTER TABLE entries DROP COLUMN members;
  CREATE INDEX entries_by_target ON entries(room_id, target_seq) WHERE target_seq IS NOT NULL;

  CREATE TABLE reactions (
    room_id INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    emoji TEXT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users(id),
    n INTEGER NOT NULL,
    PRIMARY KEY (room_id, seq, emoji, user_id),
    FOREIGN KEY (room_id, seq) REFERENCES messages(room_id, seq) ON DELETE CASCADE
  );
  CREATE TABLE mentions (
    user_id INTEGER NOT NULL REFERENCES users(id),
    room_id INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (user_id, room_id, seq),
    FOREIGN KEY (room_id, seq) REFERENCES messages(room_id, seq) ON DELETE CASCADE
  );
  CREATE INDEX mentions_by_message ON mentions(room_id, seq);
  `,
  // Consent (issue 17.4), as on SQLite.
  `
  CREATE TABLE invitations (
    room_id INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
    invitee_id INTEGER NOT NULL REFERENCES users(id),
    inviter_id INTEGER NOT NULL REFERENCES users(id),
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (room_id, invitee_id)
  );
  CREATE INDEX invitations_by_invitee ON invitations(invitee_id, created_at);
  CREATE TABLE contacts (
    user_id INTEGER NOT NULL REFERENCES users(id),
    contact_id INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (user_id, contact_id)
  );
  CREATE TABLE blocks (
    user_id INTEGER NOT NULL REFERENCES users(id),
    blocked_id INTEGER NOT NULL REFERENCES users(id),
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, blocked_id)
  );
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
  // Media sharing (issue 11), as on SQLite; sizes are bigint (files over 2 GiB).
  `
  CREATE TABLE uploads (
    id TEXT PRIMARY KEY,
    owner_id INTEGER NOT NULL REFERENCES users(id),
    room_id INTEGER REFERENCES rooms(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    size BIGINT NOT NULL,
    width INTEGER,
    height INTEGER,
    sha256 TEXT NOT NULL,
    thumbnail_sha256 TEXT,
    created_at TIMESTAMPTZ NOT NULL
  );
  CREATE INDEX uploads_by_owner ON uploads(owner_id);
  CREATE INDEX uploads_by_room ON uploads(room_id, created_at);
  `,
  // Message search (issue 12), derived state kept in the commit that appends the event: the
  // current text, folded (lower case, accents removed) by one function that queries use too, with
  // a word index (tsvector, config simple) and a trigram index (pg_trgm) for substrings. The
  // extensions go to public, shared by every schema; rows go with their message (cascade).
  // Existing messages are indexed here, their current text only.
  `
  CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
  CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;
  CREATE FUNCTION search_fold(t TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, t)) $$;
  CREATE TABLE message_search (
    room_id INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    folded TEXT NOT NULL,
    PRIMARY KEY (room_id, seq),
    FOREIGN KEY (room_id, seq) REFERENCES messages(room_id, seq) ON DELETE CASCADE
  );
  INSERT INTO message_search (room_id, seq, folded)
    SELECT m.room_id, m.seq, search_fold(coalesce(m.edited_text, e.body->>'text'))
    FROM messages m JOIN entries e ON e.room_id = m.room_id AND e.seq = m.seq
    WHERE NOT m.deleted AND coalesce(m.edited_text, e.body->>'text') IS NOT NULL;
  CREATE INDEX message_search_words ON message_search USING gin (to_tsvector('simple', folded));
  CREATE INDEX message_search_trigrams ON message_search USING gin (folded public.gin_trgm_ops);
  `,
  // Look-alike room names (issue 17.10): names are unique by their skeleton (roomNameSkeleton in
  // protocol: NFKC, invisibles dropped, confusables folded), not only by case. The skeleton needs
  // Unicode data that SQL does not have, so existing rooms get theirs when the store opens
  // (backfillRoomSkeletons); NULL until then, which a unique index allows any number of.
  `
  ALTER TABLE rooms ADD COLUMN name_skeleton TEXT;
  CREATE UNIQUE INDEX rooms_by_skeleton ON rooms(name_skeleton);
  `,
  // Attachments (issue 11): an upload sent with a message names that message, so that deleting the
  // message deletes its files and a room's files list in the order they were sent.
  `
  ALTER TABLE uploads ADD COLUMN seq INTEGER;
  CREATE INDEX uploads_by_message ON uploads(room_id, seq);
  `,
  // Read receipts (issue 10): whether a user shares how far they have read, and sees others'.
  // Everyone had receipts on before there was a setting.
  `
  ALTER TABLE users ADD COLUMN read_receipts BOOLEAN NOT NULL DEFAULT TRUE;
  `,
  // Presence (issue 10): the status one chose and its custom text and emoji outlive restarts;
  // who is online, idle or last seen lives in memory or Redis.
  `
  ALTER TABLE users ADD COLUMN status TEXT NOT NULL DEFAULT 'online';
  ALTER TABLE users ADD COLUMN status_text TEXT;
  ALTER TABLE users ADD COLUMN status_emoji TEXT;
  ALTER TABLE users ADD COLUMN status_until TIMESTAMPTZ;
  `,
  // Notification levels (issue 10): what each member wants to be told of a room, kept with the
  // membership so that every device of theirs follows it. NULL: the default for the room's kind.
  `
  ALTER TABLE memberships ADD COLUMN notify TEXT CHECK (notify IN ('all', 'mentions', 'none'));
  `,
];
