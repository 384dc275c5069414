/**
 * What a migration does, in a few words, for the line logged when it runs: its leading
 * `-- comment` if it has one, else a summary of its statements (tables created, columns added,
 * indexes, tables filled or changed), so that a migration says what it does without a second
 * list to keep in step with the SQL.
 */
export function describeMigration(sql: string): string {
  const comment = /^\s*--\s*(.+)/.exec(sql);
  if (comment) return comment[1]!.trim().replace(/\.$/, '');
  const parts = new Map<string, string[]>();
  const add = (what: string, name: string) => parts.set(what, [...(parts.get(what) ?? []), name]);
  const code = sql.replace(/--.*$/gm, '');
  for (const [, name] of code.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?(\w+)/gi)) add('creates tables', name!);
  for (const [, table, column] of code.matchAll(/ALTER TABLE (\w+) ADD COLUMN (\w+)/gi)) add('adds columns', `${table}.${column}`);
  for (const [, table, column] of code.matchAll(/ALTER TABLE (\w+) DROP COLUMN (\w+)/gi)) add('drops columns', `${table}.${column}`);
  for (const [, index] of code.matchAll(/CREATE (?:UNIQUE )?INDEX (?:IF NOT EXISTS )?(\w+)/gi)) add('creates indexes', index!);
  for (const [, name] of code.matchAll(/DROP (?:TABLE|INDEX) (?:IF EXISTS )?(\w+)/gi)) add('drops', name!);
  for (const [, table] of code.matchAll(/(?:UPDATE|INSERT INTO|DELETE FROM) (\w+)/gi)) if (!(parts.get('rewrites') ?? []).includes(table!)) add('rewrites', table!);
  if (parts.size === 0) return 'changes the schema';
  return [...parts].map(([what, names]) => `${what} ${names.join(', ')}`).join('; ');
}
