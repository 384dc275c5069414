/** What `has:` asks of a message: files sent with it, an image among them, a URL in its text, a reaction. */
export type MessageHas = 'file' | 'image' | 'link' | 'reaction';

/** The order of a search: newest first, or relevance with a recency bias (ties newest first). */
export type MessageSearchSort = 'recent' | 'relevance';

/** Where the previous page ended: its last result's position in the order asked for. */
export interface MessageSearchCursor {
  ts: string;
  roomId: number;
  seq: number;
  /** For relevance: the last result's score and the instant the scores are aged from. */
  score?: number;
  now?: string;
}

/**
 * A message search as storage runs it; membership of `userId` is applied inside the query.
 * The optional filters default to none, and `sort` to `recent`.
 */
export interface MessageSearchInput {
  userId: number;
  roomId: number | null;
  include: string[];
  exclude: string[];
  /** Word starts (`plan*`), folded by the engine as the text is. */
  includePrefixes?: string[];
  excludePrefixes?: string[];
  /** Private chats only. */
  dm?: boolean;
  /** Messages that mention this user. */
  mentions?: number | null;
  has?: MessageHas[];
  sort?: MessageSearchSort;
  /** The instant relevance ages scores from (the first page's), so that later pages keep the order. */
  now?: string;
  /** Senders by whole phone or by name, folded. */
  from: string[];
  after: string | null;
  before: string | null;
  /** Results after this position in the order asked for. */
  cursor: MessageSearchCursor | null;
  limit: number;
}

export interface MessageSearchRow {
  roomId: number;
  room: string;
  seq: number;
  ts: string;
  text: string;
  senderName: string;
  senderPhone: string;
  /** Relevance with the recency bias applied (0 when sorting by recent). */
  score: number;
}

export interface MessageSearchStore {
  search(input: MessageSearchInput): Promise<MessageSearchRow[]>;
  /** How many messages the search finds in all (cursor and limit ignored), counting at most `max`. */
  count(input: MessageSearchInput, max: number): Promise<number>;
}

/**
 * The recency bias, the same on both engines: a score halves for every `halfLifeDays` of age,
 * so a strong match from last month still beats a weak one from today, and equal ones go newest first.
 */
export const recencyHalfLifeDays = 30;

/** Prefixes of URLs that make `has:link` (what the web app links). */
export const linkMarkers = ['http://', 'https://', 'www.'];

/** Terms of 3 characters or more match as substrings (trigrams); shorter ones as whole words. */
export const isSubstringTerm = (term: string) => [...term].length >= 3;

/** A term as an FTS5 string literal: no operator inside it is ever read as syntax. */
export const ftsLiteral = (term: string) => `"${term.replace(/"/g, '""')}"`;
