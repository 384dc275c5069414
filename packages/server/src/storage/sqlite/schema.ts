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
  // Room events (issue 9): every change to a room is a typed event with a JSON body; the derived
  // state (current message text, reactions, mentions, member counts, previews) lives in tables
  // updated in the same commit. Room ids are never reused (AUTOINCREMENT): a message queued for a
  // room deleted meanwhile must not land in a new room that took its id. Old entries become
  // events: messages keep their text as the body; join/leave/invite become member events naming
  // user ids, with no English sentence stored.
  `
  CREATE TABLE rooms_v3 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('room', 'group', 'direct')),
    is_private INTEGER NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    owner_id INTEGER REFERENCES users(id),
    created_by INTEGER REFERENCES users(id),
    max_participants INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    last_seq INTEGER NOT NULL DEFAULT 0,
    member_count INTEGER NOT NULL DEFAULT 0,
    last_message_seq INTEGER NOT NULL DEFAULT 0,
    activity_at TEXT NOT NULL
  );
  INSERT INTO rooms_v3 (id, name, name_key, kind, is_private, description, owner_id, created_by, max_participants, created_at, last_seq, member_count, last_message_seq, activity_at)
  SELECT r.id, r.name, r.name_key, r.kind, r.is_private, r.description, r.owner_id,
    coalesce(r.owner_id, (SELECT m.user_id FROM memberships m WHERE m.room_id = r.id ORDER BY m.joined_at, m.user_id LIMIT 1)),
    r.max_participants, r.created_at, r.last_seq,
    (SELECT count(*) FROM memberships m WHERE m.room_id = r.id),
    coalesce((SELECT max(e.seq) FROM entries e WHERE e.room_id = r.id AND e.kind = 'message'), 0),
    coalesce((SELECT e.ts FROM entries e WHERE e.room_id = r.id AND e.kind = 'message' ORDER BY e.seq DESC LIMIT 1), r.created_at)
  FROM rooms r;

  CREATE TABLE entries_v3 (
    room_id INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    type TEXT NOT NULL,
    sender_id INTEGER NOT NULL REFERENCES users(id),
    target_seq INTEGER,
    body TEXT NOT NULL,
    client_msg_id TEXT,
    ts TEXT NOT NULL,
    PRIMARY KEY (room_id, seq)
  ) WITHOUT ROWID;
  INSERT INTO entries_v3 (room_id, seq, type, sender_id, target_seq, body, client_msg_id, ts)
  SELECT e.room_id, e.seq,
    CASE e.kind WHEN 'message' THEN 'message' ELSE 'member' END,
    e.sender_id, NULL,
    CASE e.kind
      WHEN 'message' THEN json_object('text', e.text)
      WHEN 'invite' THEN json_object('op', 'invite', 'users', json(coalesce((
        SELECT json_group_array(id) FROM (
          SELECT u.id FROM json_each(e.members) j JOIN users u ON u.phone = json_extract(j.value, '$.phone') ORDER BY j.key
        )), '[]')))
      ELSE json_object('op', e.kind, 'users', json_array(e.sender_id))
    END,
    e.client_msg_id, e.ts
  FROM entries e;

  CREATE TABLE messages (
    room_id INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    sender_id INTEGER NOT NULL REFERENCES users(id),
    -- The current text when it differs from the original in the event (after an edit).
    edited_text TEXT,
    edited_at TEXT,
    reply_to INTEGER,
    deleted INTEGER NOT NULL DEFAULT 0,
    -- The seq of the newest edit, delete or reaction applied to this message.
    state_seq INTEGER NOT NULL,
    PRIMARY KEY (room_id, seq)
  ) WITHOUT ROWID;
  INSERT INTO messages (room_id, seq, sender_id, state_seq) SELECT room_id, seq, sender_id, seq FROM entries WHERE kind = 'message';

  DROP TABLE entries;
  ALTER TABLE entries_v3 RENAME TO entries;
  CREATE UNIQUE INDEX entries_by_client_msg ON entries(room_id, sender_id, client_msg_id) WHERE client_msg_id IS NOT NULL;
  CREATE INDEX entries_by_target ON entries(room_id, target_seq) WHERE target_seq IS NOT NULL;

  DROP TABLE rooms;
  ALTER TABLE rooms_v3 RENAME TO rooms;
  CREATE INDEX rooms_by_creator ON rooms(created_by, created_at);

  CREATE TABLE reactions (
    room_id INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    emoji TEXT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users(id),
    -- Order of arrival (the seq of the event that put it), for "Ann, Ben and 3 others".
    n INTEGER NOT NULL,
    PRIMARY KEY (room_id, seq, emoji, user_id),
    FOREIGN KEY (room_id, seq) REFERENCES messages(room_id, seq) ON DELETE CASCADE
  ) WITHOUT ROWID;

  CREATE TABLE mentions (
    user_id INTEGER NOT NULL REFERENCES users(id),
    room_id INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (user_id, room_id, seq),
    FOREIGN KEY (room_id, seq) REFERENCES messages(room_id, seq) ON DELETE CASCADE
  ) WITHOUT ROWID;
  CREATE INDEX mentions_by_message ON mentions(room_id, seq);
  `,
  // Consent (issue 17.4): someone who is not yet a contact is invited, not added; blocks refuse
  // invitations and new private chats; an accepted invitation makes two people contacts.
  `
  CREATE TABLE invitations (
    room_id INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
    invitee_id INTEGER NOT NULL REFERENCES users(id),
    inviter_id INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (room_id, invitee_id)
  ) WITHOUT ROWID;
  CREATE INDEX invitations_by_invitee ON invitations(invitee_id, created_at);
  CREATE TABLE contacts (
    user_id INTEGER NOT NULL REFERENCES users(id),
    contact_id INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (user_id, contact_id)
  ) WITHOUT ROWID;
  CREATE TABLE blocks (
    user_id INTEGER NOT NULL REFERENCES users(id),
    blocked_id INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, blocked_id)
  ) WITHOUT ROWID;
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
  // Media sharing (issue 11): an upload's file lives in the blob store under its SHA-256; this
  // row says whose it is, what it is and, once sent, which room may see it.
  `
  CREATE TABLE uploads (
    id TEXT PRIMARY KEY,
    owner_id INTEGER NOT NULL REFERENCES users(id),
    room_id INTEGER REFERENCES rooms(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    size INTEGER NOT NULL,
    width INTEGER,
    height INTEGER,
    sha256 TEXT NOT NULL,
    thumbnail_sha256 TEXT,
    created_at TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX uploads_by_owner ON uploads(owner_id);
  CREATE INDEX uploads_by_room ON uploads(room_id, created_at);
  `,
  // Message search (issue 12), derived state kept in the commit that appends the event: a word
  // index (diacritics folded) for short words and prefixes, and a trigram index for substrings,
  // CJK, addresses and URLs. Contentless (the text stays in entries and messages); the rowid is
  // room_id << 32 | seq, so a message's row is found without a mapping table. Existing messages
  // are indexed here, their current text only.
  `
  CREATE VIRTUAL TABLE message_words USING fts5(text, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');
  CREATE VIRTUAL TABLE message_trigrams USING fts5(text, content='', contentless_delete=1, tokenize='trigram remove_diacritics 1');
  CREATE TEMP TABLE search_backfill AS
    SELECT (m.room_id << 32) | m.seq AS id, coalesce(m.edited_text, json_extract(e.body, '$.text')) AS text
    FROM messages m JOIN entries e ON e.room_id = m.room_id AND e.seq = m.seq
    WHERE m.deleted = 0 AND coalesce(m.edited_text, json_extract(e.body, '$.text')) IS NOT NULL;
  INSERT INTO message_words (rowid, text) SELECT id, text FROM search_backfill;
  INSERT INTO message_trigrams (rowid, text) SELECT id, text FROM search_backfill;
  DROP TABLE search_backfill;
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
  ALTER TABLE users ADD COLUMN read_receipts INTEGER NOT NULL DEFAULT 1;
  `,
  // Presence (issue 10): the status one chose and its custom text and emoji outlive restarts;
  // who is online, idle or last seen lives in memory or Redis.
  `
  ALTER TABLE users ADD COLUMN status TEXT NOT NULL DEFAULT 'online';
  ALTER TABLE users ADD COLUMN status_text TEXT;
  ALTER TABLE users ADD COLUMN status_emoji TEXT;
  ALTER TABLE users ADD COLUMN status_until TEXT;
  `,
  // Notification levels (issue 10): what each member wants to be told of a room, kept with the
  // membership so that every device of theirs follows it. NULL: the default for the room's kind.
  `
  ALTER TABLE memberships ADD COLUMN notify TEXT CHECK (notify IN ('all', 'mentions', 'none'));
  `,
];
