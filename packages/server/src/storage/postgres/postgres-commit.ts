import type pg from 'pg';
import type { Command } from '../../chat/events/command.js';
import { applyCommand, type CommitRules } from '../../chat/events/apply-command.js';
import type { MemberFacts, RoomFacts, StoredEvent } from '../../chat/events/commit-tx.js';
import { CommitState, type BatchChanges, type FactLoader, type StoredMessageFacts } from '../commit-state.js';
import type { Outcome } from '../group-commit.js';
import { iso } from './open-pool.js';

export interface EventRow {
  room_id: number;
  seq: number;
  type: string;
  sender_id: number;
  target_seq: number | null;
  body: Record<string, unknown>;
  client_msg_id: string | null;
  ts: Date;
}

export function toStoredEvent(row: EventRow): StoredEvent {
  return { roomId: row.room_id, seq: row.seq, type: row.type, senderId: row.sender_id, targetSeq: row.target_seq, body: row.body, clientMsgId: row.client_msg_id, ts: iso(row.ts) };
}

const pair = (a: number, b: number | string) => `${a}:${b}`;

/** Refuses to guess: a fact the prefetch did not read is a bug, never an empty answer. */
function missing(what: string): never {
  throw new Error(`${what} was not read before the batch`);
}

/**
 * Reads, in a few bulk queries, every fact the batch's commands can ask for, and locks the rooms
 * they change (in id order, so that two nodes cannot deadlock): seqs stay gap-free with any
 * number of nodes writing to one room.
 */
async function prefetch(client: pg.PoolClient, commands: Command[]): Promise<FactLoader> {
  const roomIds = new Set<number>();
  const memberPairs: [number, number][] = [];
  const messagePairs: [number, number][] = [];
  const reactionPairs: [number, number][] = [];
  const clientKeys: [number, number, string][] = [];
  const invitationPairs: [number, number][] = [];
  const keys: string[] = [];
  const skeletons: string[] = [];
  const leaves = new Map<number, number>();
  let creates = 0;
  for (const c of commands) {
    if (c.type === 'create_room') {
      creates++;
      keys.push(c.row.nameKey);
      skeletons.push(c.row.nameSkeleton);
      continue;
    }
    roomIds.add(c.roomId);
    memberPairs.push([c.roomId, c.actorId]);
    if (c.type === 'message') {
      clientKeys.push([c.roomId, c.actorId, c.clientMsgId]);
      for (const id of c.mentions) memberPairs.push([c.roomId, id]);
      if (c.replyTo !== null) messagePairs.push([c.roomId, c.replyTo]);
    }
    if (c.type === 'invite') {
      for (const id of c.userIds) memberPairs.push([c.roomId, id]);
      for (const id of c.inviteeIds ?? []) {
        memberPairs.push([c.roomId, id]);
        invitationPairs.push([c.roomId, id]);
      }
    }
    if (c.type === 'accept_invitation') invitationPairs.push([c.roomId, c.actorId]);
    if (c.type === 'edit' || c.type === 'redact' || c.type === 'react') {
      messagePairs.push([c.roomId, c.target]);
      if (c.type !== 'edit') reactionPairs.push([c.roomId, c.target]);
    }
    if (c.type === 'leave') leaves.set(c.roomId, (leaves.get(c.roomId) ?? 0) + 1);
  }

  const rooms = new Map<number, RoomFacts | null>([...roomIds].map((id) => [id, null]));
  const { rows: roomRows } = await client.query<{ id: number; name: string; kind: RoomFacts['kind']; is_private: boolean; owner_id: number | null; max_participants: number; member_count: number; last_seq: number }>(
    'SELECT id, name, kind, is_private, owner_id, max_participants, member_count, last_seq FROM rooms WHERE id = ANY($1::int[]) ORDER BY id FOR UPDATE',
    [[...roomIds].sort((a, b) => a - b)],
  );
  for (const r of roomRows) rooms.set(r.id, { id: r.id, name: r.name, kind: r.kind, isPrivate: r.is_private, ownerId: r.owner_id, maxParticipants: r.max_participants, memberCount: r.member_count, lastSeq: r.last_seq });

  const byKey = new Map<string, number | null>(keys.map((k) => [k, null]));
  if (keys.length > 0) {
    const { rows } = await client.query<{ id: number; name_key: string }>('SELECT id, name_key FROM rooms WHERE name_key = ANY($1::text[])', [keys]);
    for (const r of rows) byKey.set(r.name_key, r.id);
  }
  const bySkeleton = new Map<string, number | null>(skeletons.map((k) => [k, null]));
  if (skeletons.length > 0) {
    const { rows } = await client.query<{ id: number; name_skeleton: string }>('SELECT id, name_skeleton FROM rooms WHERE name_skeleton = ANY($1::text[])', [skeletons]);
    for (const r of rows) bySkeleton.set(r.name_skeleton, r.id);
  }
  const newIds: number[] = [];
  if (creates > 0) {
    const { rows } = await client.query<{ id: string }>("SELECT nextval(pg_get_serial_sequence('rooms', 'id')) AS id FROM generate_series(1, $1)", [creates]);
    newIds.push(...rows.map((r) => Number(r.id)));
  }
  const newRooms = new Set(newIds);

  const members = new Map<string, MemberFacts | null>(memberPairs.map(([r, u]) => [pair(r, u), null]));
  if (memberPairs.length > 0) {
    const { rows } = await client.query<{ room_id: number; user_id: number; joined_at: Date; last_read_seq: number }>(
      `SELECT m.room_id, m.user_id, m.joined_at, m.last_read_seq FROM memberships m
       JOIN unnest($1::int[], $2::int[]) AS k(room_id, user_id) ON m.room_id = k.room_id AND m.user_id = k.user_id`,
      [memberPairs.map((p) => p[0]), memberPairs.map((p) => p[1])],
    );
    for (const r of rows) members.set(pair(r.room_id, r.user_id), { userId: r.user_id, joinedAt: iso(r.joined_at), lastReadSeq: r.last_read_seq });
  }

  const seniors = new Map<number, number[]>();
  if (leaves.size > 0) {
    const ids = [...leaves.keys()];
    const { rows } = await client.query<{ room_id: number; user_id: number }>(
      `SELECT room_id, user_id FROM (
         SELECT m.room_id, m.user_id, row_number() OVER (PARTITION BY m.room_id ORDER BY m.joined_at, m.user_id) AS n
         FROM memberships m WHERE m.room_id = ANY($1::int[])) ranked
       JOIN unnest($1::int[], $2::int[]) AS k(id, wanted) ON k.id = ranked.room_id
       WHERE ranked.n <= k.wanted ORDER BY room_id, n`,
      [ids, ids.map((id) => leaves.get(id)! + 2)],
    );
    for (const id of ids) seniors.set(id, []);
    for (const r of rows) seniors.get(r.room_id)!.push(r.user_id);
  }

  const messages = new Map<string, StoredMessageFacts | null>(messagePairs.map(([r, s]) => [pair(r, s), null]));
  if (messagePairs.length > 0) {
    const { rows } = await client.query<{ room_id: number; seq: number; sender_id: number; ts: Date; deleted: boolean; text: string | null; edited_text: string | null; edited_at: Date | null; state_seq: number }>(
      `SELECT m.room_id, m.seq, m.sender_id, e.ts, m.deleted, coalesce(m.edited_text, e.body->>'text') AS text, m.edited_text, m.edited_at, m.state_seq
       FROM messages m JOIN entries e ON e.room_id = m.room_id AND e.seq = m.seq
       JOIN unnest($1::int[], $2::int[]) AS k(room_id, seq) ON m.room_id = k.room_id AND m.seq = k.seq`,
      [messagePairs.map((p) => p[0]), messagePairs.map((p) => p[1])],
    );
    for (const r of rows) {
      messages.set(pair(r.room_id, r.seq), {
        seq: r.seq,
        senderId: r.sender_id,
        ts: iso(r.ts),
        text: r.deleted ? null : r.text,
        deleted: r.deleted,
        editedText: r.edited_text,
        editedAt: r.edited_at ? iso(r.edited_at) : null,
        stateSeq: r.state_seq,
      });
    }
  }

  const reactions = new Map<string, [string, number][]>(reactionPairs.map(([r, s]) => [pair(r, s), []]));
  if (reactionPairs.length > 0) {
    const { rows } = await client.query<{ room_id: number; seq: number; emoji: string; user_id: number }>(
      `SELECT x.room_id, x.seq, x.emoji, x.user_id FROM reactions x
       JOIN unnest($1::int[], $2::int[]) AS k(room_id, seq) ON x.room_id = k.room_id AND x.seq = k.seq ORDER BY x.room_id, x.seq, x.n`,
      [reactionPairs.map((p) => p[0]), reactionPairs.map((p) => p[1])],
    );
    for (const r of rows) reactions.get(pair(r.room_id, r.seq))!.push([r.emoji, r.user_id]);
  }

  const invitations = new Map<string, { inviterId: number } | null>(invitationPairs.map(([r, u]) => [pair(r, u), null]));
  if (invitationPairs.length > 0) {
    const { rows } = await client.query<{ room_id: number; invitee_id: number; inviter_id: number }>(
      `SELECT i.room_id, i.invitee_id, i.inviter_id FROM invitations i
       JOIN unnest($1::int[], $2::int[]) AS k(room_id, user_id) ON i.room_id = k.room_id AND i.invitee_id = k.user_id`,
      [invitationPairs.map((p) => p[0]), invitationPairs.map((p) => p[1])],
    );
    for (const r of rows) invitations.set(pair(r.room_id, r.invitee_id), { inviterId: r.inviter_id });
  }

  const earlier = new Map<string, StoredEvent>();
  if (clientKeys.length > 0) {
    const { rows } = await client.query<EventRow>(
      `SELECT e.* FROM entries e JOIN unnest($1::int[], $2::int[], $3::text[]) AS k(room_id, sender_id, client_msg_id)
       ON e.room_id = k.room_id AND e.sender_id = k.sender_id AND e.client_msg_id = k.client_msg_id`,
      [clientKeys.map((k) => k[0]), clientKeys.map((k) => k[1]), clientKeys.map((k) => k[2])],
    );
    for (const r of rows) earlier.set(`${r.room_id}:${r.sender_id}:${r.client_msg_id}`, toStoredEvent(r));
  }

  // A room made in this batch has nothing stored yet: every fact about it is "none".
  const lookup = <V>(map: Map<string, V>, roomId: number, key: string, none: V, what: string): V => {
    if (newRooms.has(roomId)) return none;
    if (!map.has(key)) missing(what);
    return map.get(key)!;
  };
  return {
    room: (id) => (newRooms.has(id) ? null : rooms.has(id) ? rooms.get(id)! : missing(`room ${id}`)),
    roomIdByKey: (key) => (byKey.has(key) ? byKey.get(key)! : missing(`room key ${key}`)),
    roomIdBySkeleton: (skeleton) => (bySkeleton.has(skeleton) ? bySkeleton.get(skeleton)! : missing(`room skeleton ${skeleton}`)),
    membership: (roomId, userId) => lookup(members, roomId, pair(roomId, userId), null, `membership ${roomId}/${userId}`),
    seniors: (roomId) => (newRooms.has(roomId) ? [] : (seniors.get(roomId) ?? missing(`seniors of ${roomId}`))),
    message: (roomId, seq) => lookup(messages, roomId, pair(roomId, seq), null, `message ${roomId}/${seq}`),
    reactions: (roomId, seq) => lookup(reactions, roomId, pair(roomId, seq), [], `reactions ${roomId}/${seq}`),
    byClientMsgId: (roomId, senderId, clientMsgId) => earlier.get(`${roomId}:${senderId}:${clientMsgId}`) ?? null,
    invitation: (roomId, userId) => lookup(invitations, roomId, pair(roomId, userId), null, `invitation ${roomId}/${userId}`),
    newRoomId: () => newIds.shift() ?? missing('a new room id'),
  };
}

/** Writes a batch's final states in bulk: a statement per kind of change, whatever the batch's size. */
async function write(client: pg.PoolClient, changes: BatchChanges): Promise<void> {
  const deleted = new Set(changes.rooms.filter((r) => r.deleted).map((r) => r.id));
  const live = <T extends { roomId: number }>(rows: T[]) => rows.filter((r) => !deleted.has(r.roomId));
  const q = (text: string, values: unknown[]) => client.query(text, values);

  const created = changes.rooms.filter((r) => r.created && !r.deleted);
  if (created.length > 0) {
    await q(
      `INSERT INTO rooms (id, name, name_key, kind, is_private, description, owner_id, created_by, max_participants, created_at, last_seq, member_count, last_message_seq, activity_at, name_skeleton)
       SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::bool[], $6::text[], $7::int[], $8::int[], $9::int[], $10::timestamptz[], $11::int[], $12::int[], $13::int[], $14::timestamptz[], $15::text[])`,
      [
        created.map((r) => r.id),
        created.map((r) => r.created!.name),
        created.map((r) => r.created!.nameKey),
        created.map((r) => r.created!.kind),
        created.map((r) => r.created!.isPrivate),
        created.map((r) => r.created!.description),
        created.map((r) => r.ownerId),
        created.map((r) => r.created!.createdBy),
        created.map((r) => r.created!.maxParticipants),
        created.map((r) => r.created!.createdAt),
        created.map((r) => r.lastSeq),
        created.map((r) => r.memberCount),
        created.map((r) => r.lastMessageSeq ?? 0),
        created.map((r) => r.activityAt ?? r.created!.createdAt),
        created.map((r) => r.created!.nameSkeleton),
      ],
    );
  }
  const events = live(changes.events);
  if (events.length > 0) {
    await q(
      `INSERT INTO entries (room_id, seq, type, sender_id, target_seq, body, client_msg_id, ts)
       SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::int[], $5::int[], $6::jsonb[], $7::text[], $8::timestamptz[])`,
      [events.map((e) => e.roomId), events.map((e) => e.seq), events.map((e) => e.type), events.map((e) => e.senderId), events.map((e) => e.targetSeq), events.map((e) => JSON.stringify(e.body)), events.map((e) => e.clientMsgId), events.map((e) => e.ts)],
    );
  }
  const messages = live(changes.messages);
  const fresh = messages.filter((m) => m.isNew);
  const changed = messages.filter((m) => !m.isNew);
  const columns = (rows: typeof messages) => [rows.map((m) => m.roomId), rows.map((m) => m.seq), rows.map((m) => m.editedText), rows.map((m) => m.editedAt), rows.map((m) => m.deleted), rows.map((m) => m.stateSeq)];
  if (fresh.length > 0) {
    await q(
      `INSERT INTO messages (room_id, seq, edited_text, edited_at, deleted, state_seq, sender_id, reply_to)
       SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::timestamptz[], $5::bool[], $6::int[], $7::int[], $8::int[])`,
      [...columns(fresh), fresh.map((m) => m.senderId), fresh.map((m) => m.replyTo)],
    );
    const mentions = fresh.filter((m) => !m.deleted).flatMap((m) => m.mentions.map((userId) => [userId, m.roomId, m.seq] as const));
    if (mentions.length > 0) {
      await q('INSERT INTO mentions (user_id, room_id, seq) SELECT * FROM unnest($1::int[], $2::int[], $3::int[]) ON CONFLICT DO NOTHING', [
        mentions.map((m) => m[0]),
        mentions.map((m) => m[1]),
        mentions.map((m) => m[2]),
      ]);
    }
  }
  if (changed.length > 0) {
    await q(
      `UPDATE messages m SET edited_text = v.edited_text, edited_at = v.edited_at, deleted = v.deleted, state_seq = v.state_seq
       FROM unnest($1::int[], $2::int[], $3::text[], $4::timestamptz[], $5::bool[], $6::int[]) AS v(room_id, seq, edited_text, edited_at, deleted, state_seq)
       WHERE m.room_id = v.room_id AND m.seq = v.seq`,
      columns(changed),
    );
  }
  // The search index follows the current text: new and edited text in, deleted text out.
  const unindexed = messages.filter((m) => m.deleted && !m.isNew);
  if (unindexed.length > 0) {
    await q('DELETE FROM message_search x USING unnest($1::int[], $2::int[]) AS v(room_id, seq) WHERE x.room_id = v.room_id AND x.seq = v.seq', [unindexed.map((m) => m.roomId), unindexed.map((m) => m.seq)]);
  }
  const indexed = messages.filter((m) => !m.deleted && m.textChanged && m.text !== null);
  if (indexed.length > 0) {
    await q(
      `INSERT INTO message_search (room_id, seq, folded) SELECT v.room_id, v.seq, search_fold(v.text) FROM unnest($1::int[], $2::int[], $3::text[]) AS v(room_id, seq, text)
       ON CONFLICT (room_id, seq) DO UPDATE SET folded = EXCLUDED.folded`,
      [indexed.map((m) => m.roomId), indexed.map((m) => m.seq), indexed.map((m) => m.text)],
    );
  }
  const memberships = live(changes.memberships);
  const present = memberships.filter((m) => m.after);
  const absent = memberships.filter((m) => !m.after);
  if (present.length > 0) {
    await q(
      `INSERT INTO memberships (room_id, user_id, joined_at, last_read_seq) SELECT * FROM unnest($1::int[], $2::int[], $3::timestamptz[], $4::int[])
       ON CONFLICT (room_id, user_id) DO UPDATE SET joined_at = EXCLUDED.joined_at, last_read_seq = EXCLUDED.last_read_seq`,
      [present.map((m) => m.roomId), present.map((m) => m.userId), present.map((m) => m.after!.joinedAt), present.map((m) => m.after!.lastReadSeq)],
    );
  }
  if (absent.length > 0) {
    await q('DELETE FROM memberships m USING unnest($1::int[], $2::int[]) AS v(room_id, user_id) WHERE m.room_id = v.room_id AND m.user_id = v.user_id', [
      absent.map((m) => m.roomId),
      absent.map((m) => m.userId),
    ]);
  }
  const reactions = live(changes.reactions);
  const on = reactions.filter((r) => r.on);
  const off = reactions.filter((r) => !r.on);
  if (on.length > 0) {
    await q('INSERT INTO reactions (room_id, seq, emoji, user_id, n) SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::int[], $5::int[]) ON CONFLICT DO NOTHING', [
      on.map((r) => r.roomId),
      on.map((r) => r.seq),
      on.map((r) => r.emoji),
      on.map((r) => r.userId),
      on.map((r) => r.order),
    ]);
  }
  if (off.length > 0) {
    await q(
      `DELETE FROM reactions x USING unnest($1::int[], $2::int[], $3::text[], $4::int[]) AS v(room_id, seq, emoji, user_id)
       WHERE x.room_id = v.room_id AND x.seq = v.seq AND x.emoji = v.emoji AND x.user_id = v.user_id`,
      [off.map((r) => r.roomId), off.map((r) => r.seq), off.map((r) => r.emoji), off.map((r) => r.userId)],
    );
  }
  const redacted = live(changes.redacted);
  if (redacted.length > 0) {
    const values = [redacted.map((r) => r.roomId), redacted.map((r) => r.seq)];
    await q(
      `UPDATE entries e SET body = e.body - 'text' FROM unnest($1::int[], $2::int[]) AS v(room_id, seq)
       WHERE e.room_id = v.room_id AND (e.seq = v.seq OR (e.target_seq = v.seq AND e.type = 'edit'))`,
      values,
    );
    await q('DELETE FROM mentions x USING unnest($1::int[], $2::int[]) AS v(room_id, seq) WHERE x.room_id = v.room_id AND x.seq = v.seq', values);
  }
  const marks = live(changes.readMarks);
  if (marks.length > 0) {
    await q(
      `UPDATE memberships m SET last_read_seq = GREATEST(m.last_read_seq, v.seq)
       FROM unnest($1::int[], $2::int[], $3::int[]) AS v(room_id, user_id, seq) WHERE m.room_id = v.room_id AND m.user_id = v.user_id`,
      [marks.map((m) => m.roomId), marks.map((m) => m.userId), marks.map((m) => m.seq)],
    );
  }
  const invited = live(changes.invitations);
  const put = invited.filter((i) => i.inviterId !== null);
  const dropped = invited.filter((i) => i.inviterId === null);
  if (put.length > 0) {
    await q(
      `INSERT INTO invitations (room_id, invitee_id, inviter_id, created_at) SELECT v.room_id, v.invitee_id, v.inviter_id, now()
       FROM unnest($1::int[], $2::int[], $3::int[]) AS v(room_id, invitee_id, inviter_id)
       ON CONFLICT (room_id, invitee_id) DO UPDATE SET inviter_id = EXCLUDED.inviter_id`,
      [put.map((i) => i.roomId), put.map((i) => i.userId), put.map((i) => i.inviterId)],
    );
  }
  if (dropped.length > 0) {
    await q('DELETE FROM invitations i USING unnest($1::int[], $2::int[]) AS v(room_id, invitee_id) WHERE i.room_id = v.room_id AND i.invitee_id = v.invitee_id', [
      dropped.map((i) => i.roomId),
      dropped.map((i) => i.userId),
    ]);
  }
  if (changes.contacts.length > 0) {
    const pairs = changes.contacts.flatMap(([a, b]) => [[a, b], [b, a]]);
    await q('INSERT INTO contacts (user_id, contact_id) SELECT * FROM unnest($1::int[], $2::int[]) ON CONFLICT DO NOTHING', [pairs.map((p) => p[0]), pairs.map((p) => p[1])]);
  }
  const updated = changes.rooms.filter((r) => !r.created && !r.deleted);
  if (updated.length > 0) {
    await q(
      `UPDATE rooms r SET last_seq = v.last_seq, member_count = v.member_count, owner_id = v.owner_id,
         last_message_seq = coalesce(v.last_message_seq, r.last_message_seq), activity_at = coalesce(v.activity_at, r.activity_at)
       FROM unnest($1::int[], $2::int[], $3::int[], $4::int[], $5::int[], $6::timestamptz[]) AS v(id, last_seq, member_count, owner_id, last_message_seq, activity_at)
       WHERE r.id = v.id`,
      [updated.map((r) => r.id), updated.map((r) => r.lastSeq), updated.map((r) => r.memberCount), updated.map((r) => r.ownerId), updated.map((r) => r.lastMessageSeq ?? null), updated.map((r) => r.activityAt ?? null)],
    );
  }
  const gone = changes.rooms.filter((r) => r.deleted && !r.created).map((r) => r.id);
  if (gone.length > 0) await q('DELETE FROM rooms WHERE id = ANY($1::int[])', [gone]);
}

/** The PostgreSQL commit path: one transaction per batch, facts read and changes written in bulk. */
export function createPostgresBatchRunner(rules: CommitRules): (client: pg.PoolClient, commands: Command[]) => Promise<Outcome[]> {
  return async (client, commands) => {
    const facts = await prefetch(client, commands);
    const state = new CommitState(facts, new Date().toISOString());
    const outcomes = commands.map((command): Outcome => {
      state.begin();
      try {
        return { ok: true, result: applyCommand(state, command, rules) };
      } catch (error) {
        state.rollback();
        return { ok: false, error };
      }
    });
    await write(client, state.changes());
    return outcomes;
  };
}
