// Kept apart from the schemas (rules.ts), so that a browser app that needs only the numbers does
// not load the schema library with them.
/** Limits that the server enforces and clients may check early. */
export const limits = {
  nameMax: 64,
  roomNameMax: 64,
  descriptionMax: 500,
  /** Characters of a custom status text. */
  statusTextMax: 100,
  phoneMinDigits: 6,
  phoneMaxDigits: 15,
  passwordMin: 8,
  // argon2 hashes any length, but an unbounded password is a cheap way to burn server CPU.
  passwordMax: 1024,
  textMax: 4000,
  clientMsgIdMax: 64,
  frameIdMax: 64,
  historyMax: 200,
  searchMax: 50,
  groupMembersMax: 100,
  maxParticipantsDefault: 1000,
  maxParticipantsMax: 100_000,
  /** WebSocket frames larger than this close the connection with 1009. */
  frameBytesMax: 64 * 1024,
  /** Seconds a connection may stay open without authenticating. */
  authTimeoutSeconds: 10,
  /** Files attached to one message. */
  attachmentsMax: 10,
  /** People mentioned in one message. */
  mentionsMax: 50,
  /** Characters of the original shown in a reply's quote. */
  quoteMax: 200,
  /** Distinct emoji on one message. */
  reactionEmojiMax: 20,
  /** Distinct emoji one person may put on one message. */
  reactionsPerUserMax: 10,
  /** People listed by name under each reaction (the count covers everyone). */
  reactionUsersShown: 10,
  /** Unread counts are exact up to this; above, the room shows this number. */
  unreadCountMax: 999,
  /** Rooms per page of GET /api/me/rooms. */
  myRoomsPageMax: 100,
  /** People per page of GET /api/me/people: a few small rows each, so that a team's list is one or two pages. */
  peoplePageMax: 200,
  /** A message search's `total` is counted up to this. */
  messageSearchTotalMax: 1000,
  /** The largest seq anywhere (`read`, `before`, `after`): PostgreSQL keeps seqs as `integer`. */
  seqMax: 2 ** 31 - 1,
} as const;
