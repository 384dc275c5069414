/** A message search as storage runs it; membership of `userId` is applied inside the query. */
export interface MessageSearchInput {
  userId: number;
  roomId: number | null;
  include: string[];
  exclude: string[];
  /** Senders by whole phone or by name, folded. */
  from: string[];
  after: string | null;
  before: string | null;
  /** Results older than this position (newest first). */
  cursor: { ts: string; roomId: number; seq: number } | null;
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
}

export interface MessageSearchStore {
  search(input: MessageSearchInput): Promise<MessageSearchRow[]>;
}

/** Terms of 3 characters or more match as substrings (trigrams); shorter ones as whole words. */
export const isSubstringTerm = (term: string) => [...term].length >= 3;

/** A term as an FTS5 string literal: no operator inside it is ever read as syntax. */
export const ftsLiteral = (term: string) => `"${term.replace(/"/g, '""')}"`;
