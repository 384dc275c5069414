import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { lstat, mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { create as createTar } from 'tar';
import { databaseFileName } from '../storage/sqlite/open-database.js';
import { parleyVersion } from '../version.js';
import { BackupError, databaseEntry, filesPrefix, manifestName, sha256Of, type Manifest } from './manifest.js';

export interface BackupSummary {
  file: string;
  schemaVersion: number;
  databaseBytes: number;
  files: number;
  fileBytes: number;
  /** Entries of the data dir that are neither files nor folders (symbolic links, sockets), left out. */
  skipped: string[];
}

// The live database and SQLite's companions: the archive holds a consistent copy instead.
const liveFiles = new Set([databaseFileName, `${databaseFileName}-wal`, `${databaseFileName}-shm`, `${databaseFileName}-journal`]);
// Uploads still streaming: no row names them yet, and a half file is no file.
const uploadsInProgress = 'blobs/tmp';

/** Every regular file under `dir` (relative paths), but those `skip` names. */
async function listFiles(dir: string, skip: (path: string) => boolean, skipped: string[], prefix = ''): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (skip(path)) continue;
    if (entry.isDirectory()) found.push(...(await listFiles(dir, skip, skipped, path)));
    else if (entry.isFile()) found.push(path);
    else skipped.push(path);
  }
  return found;
}

/**
 * Writes a backup of an SQLite data dir to `file` (a gzipped tar), while the server runs: the
 * database through VACUUM INTO, which reads one snapshot in a single transaction (the server
 * keeps writing meanwhile, and the copy has every entry committed before it began, none after),
 * then every other file of the data dir (uploads), taken after the snapshot so that each file it
 * refers to is there. The archive is written beside `file` and renamed into place at the end,
 * so a failed backup never leaves a file that looks whole.
 */
export async function createBackup(options: { dataDir: string; file: string }): Promise<BackupSummary> {
  const dataDir = resolve(options.dataDir);
  const file = resolve(options.file);
  const livePath = join(dataDir, databaseFileName);
  if (!existsSync(livePath)) throw new BackupError(`There is no Parley database at ${livePath}; check --data-dir (or PARLEY_DATA_DIR).`);
  if (existsSync(file)) throw new BackupError(`${file} already exists; choose another file name, or remove it first.`);
  if (!existsSync(dirname(file))) throw new BackupError(`The folder ${dirname(file)} does not exist; create it first or choose another file name.`);

  const staging = await mkdtemp(join(dirname(file), '.parley-backup-'));
  const partial = `${file}.partial`;
  try {
    const snapshot = join(staging, databaseEntry);
    let live: Database.Database;
    try {
      live = new Database(livePath, { fileMustExist: true });
    } catch (error) {
      throw new BackupError(`Cannot open ${livePath}: ${(error as Error).message}.`);
    }
    try {
      live.pragma('busy_timeout = 10000');
      live.prepare('VACUUM INTO ?').run(snapshot);
    } catch (error) {
      throw new BackupError(`Cannot copy ${livePath}: ${(error as Error).message}.`);
    } finally {
      live.close();
    }
    const copy = new Database(snapshot, { readonly: true });
    const schemaVersion = copy.pragma('user_version', { simple: true }) as number;
    copy.close();

    // A backup written into the data dir itself leaves out its own files.
    const own = new Set([staging, file, partial]);
    const skipped: string[] = [];
    const files = await listFiles(dataDir, (path) => liveFiles.has(path) || path === uploadsInProgress || own.has(join(dataDir, path)), skipped);
    const entries: Manifest['entries'] = [{ path: databaseEntry, size: (await stat(snapshot)).size, sha256: await sha256Of(snapshot) }];
    const sources = new Map<string, string>([[snapshot, databaseEntry]]);
    for (const path of files) {
      const absolute = join(dataDir, path);
      const info = await lstat(absolute).catch(() => null);
      if (!info?.isFile()) continue; // removed since it was listed
      entries.push({ path: `${filesPrefix}${path}`, size: info.size, sha256: await sha256Of(absolute) });
      sources.set(absolute, `${filesPrefix}${path}`);
    }
    const manifest: Manifest = { format: 'parley-backup', formatVersion: 1, parleyVersion: parleyVersion(), createdAt: new Date().toISOString(), schemaVersion, entries };
    const manifestPath = join(staging, manifestName);
    await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    sources.set(manifestPath, manifestName);

    // Paths are given from / and renamed as each entry is written, so that files from the
    // staging folder and the data dir sit side by side in the archive under their own names.
    const absolutes = [manifestPath, ...[...sources.keys()].filter((p) => p !== manifestPath)];
    await createTar(
      {
        gzip: true,
        file: partial,
        cwd: '/',
        portable: true,
        onWriteEntry: (entry) => {
          entry.path = sources.get(entry.absolute) ?? entry.path;
        },
      },
      absolutes.map((p) => relative('/', p)),
    );
    await rename(partial, file);
    const fileEntries = entries.slice(1);
    return {
      file,
      schemaVersion,
      databaseBytes: entries[0]!.size,
      files: fileEntries.length,
      fileBytes: fileEntries.reduce((sum, e) => sum + e.size, 0),
      skipped,
    };
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
