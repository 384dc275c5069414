import { describe, expect, it } from 'vitest';
import { describeMigration } from './describe-migration.js';
import { migrations as postgresMigrations } from './postgres/schema.js';
import { migrations as sqliteMigrations } from './sqlite/schema.js';

describe('describeMigration', () => {
  it('summarizes what the statements do', () => {
    expect(describeMigration(sqliteMigrations[0]!)).toBe(
      'creates tables users, sessions, rooms, memberships, entries; creates indexes users_by_name, sessions_by_user, memberships_by_user, entries_by_client_msg',
    );
    expect(describeMigration(sqliteMigrations[1]!)).toBe('adds columns sessions.last_seen_at; rewrites sessions');
  });

  it('prefers a leading comment', () => {
    expect(describeMigration('  -- Reactions on messages.\nCREATE TABLE reactions (x INTEGER);')).toBe('Reactions on messages');
  });

  it('describes every released migration of both engines by something', () => {
    for (const sql of [...sqliteMigrations, ...postgresMigrations]) expect(describeMigration(sql)).not.toBe('changes the schema');
  });
});
