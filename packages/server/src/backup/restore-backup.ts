import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { extract as extractTar } from 'tar';
import { migrations } from '../storage/sqlite/schema.js';
import { databaseFileName } from '../storage/sqlite/open-database.js';
import { BackupError, databaseEntry, filesPrefix, manifestName, sha256Of, type Manifest } from './manifest.js';

export interface RestoreSummary {
  dataDir: string;
  schemaVersion: number;
  createdAt: string;
  files: number;
}

const stagingName = '.parley-restoring';

/** Every file under `dir`, as relative paths. */
async function walk(dir: string, prefix = ''): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) found.push(...(await walk(dir, path)));
    else found.push(path);
  }
  return found;
}

/** Reads the archive's manifest and checks that the extracted files are exactly those it lists, intact. */
async function verify(staging: string, file: string): Promise<Manifest> {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(join(staging, manifestName), 'utf8')) as Manifest;
  } catch {
    throw new BackupError(`${file} is not a Parley backup (it has no readable ${manifestName}).`);
  }
  if (manifest.format !== 'parley-backup' || manifest.formatVersion !== 1 || !Array.isArray(manifest.entries)) {
    throw new BackupError(`${file} is not a Parley backup this version can read.`);
  }
  const listed = new Set(manifest.entries.map((e) => e.path));
  for (const path of await walk(staging)) {
    if (path !== manifestName && !listed.has(path)) throw new BackupError(`${file} holds ${path}, which its manifest does not list; it is not restored.`);
  }
  for (const entry of manifest.entries) {
    const path = join(staging, entry.path);
    const info = await stat(path).catch(() => null);
    if (!info?.isFile() || info.size !== entry.size || (await sha256Of(path)) !== entry.sha256) {
      throw new BackupError(`${file} is damaged: ${entry.path} is missing or not what was backed up.`);
    }
  }
  if (!listed.has(databaseEntry)) throw new BackupError(`${file} holds no database.`);
  if (manifest.schemaVersion > migrations.length) {
    throw new BackupError(`${file} was made by a newer Parley (schema ${manifest.schemaVersion}, this one knows ${migrations.length}); restore it with that version.`);
  }
  const db = new Database(join(staging, databaseEntry), { readonly: true });
  try {
    const check = db.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new BackupError(`The database in ${file} fails SQLite's integrity check: ${String(check)}.`);
  } finally {
    db.close();
  }
  return manifest;
}

/**
 * Restores a backup made by createBackup into an empty (or new) data dir: the archive is
 * unpacked into a folder inside it, every file checked against the manifest (size and SHA-256)
 * and the database against SQLite's integrity check, and only then moved into place. A restore
 * that fails leaves the data dir as empty as it found it.
 */
export async function restoreBackup(options: { file: string; dataDir: string }): Promise<RestoreSummary> {
  const file = resolve(options.file);
  const dataDir = resolve(options.dataDir);
  if (!existsSync(file)) throw new BackupError(`There is no backup at ${file}.`);
  const existed = existsSync(dataDir);
  if (existed) {
    const info = await stat(dataDir);
    if (!info.isDirectory()) throw new BackupError(`${dataDir} is a file, not a directory; restore into a new or empty directory.`);
    if ((await readdir(dataDir)).length > 0) throw new BackupError(`The data directory ${dataDir} is not empty; restore into a new or empty directory, so that nothing in it is overwritten.`);
  }
  const staging = join(dataDir, stagingName);
  try {
    await mkdir(staging, { recursive: true });
    try {
      // strict: an entry tar would have to alter (an absolute path, a .. in it) fails the restore.
      await extractTar({ file, cwd: staging, strict: true, filter: (_path, entry) => 'type' in entry && (entry.type === 'File' || entry.type === 'Directory') });
    } catch (error) {
      throw new BackupError(`Cannot read ${file} as a Parley backup: ${(error as Error).message}.`);
    }
    const manifest = await verify(staging, file);
    await rename(join(staging, databaseEntry), join(dataDir, databaseFileName));
    const files = join(staging, filesPrefix);
    if (existsSync(files)) for (const name of await readdir(files)) await rename(join(files, name), join(dataDir, name));
    await rm(staging, { recursive: true, force: true });
    return { dataDir, schemaVersion: manifest.schemaVersion, createdAt: manifest.createdAt, files: manifest.entries.length - 1 };
  } catch (error) {
    // Leave the directory as it was: gone if it was not there, empty if it was.
    if (existed) for (const name of await readdir(dataDir).catch(() => [])) await rm(join(dataDir, name), { recursive: true, force: true });
    else await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}
