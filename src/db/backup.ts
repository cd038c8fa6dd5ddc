import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './client.js';

// Backups and restores of the SQLite file (docs/operations.md "Backups"). A backup is SQLite's
// online backup API (better-sqlite3 db.backup()): a consistent copy taken while the service keeps
// writing, page by page between event-loop turns. A restore checks the copy first.

export interface SchemaVersion {
  migrations: number;
  lastWhen: number;
}

/** The migrations this build knows (drizzle-kit's journal). */
export function codeSchemaVersion(): SchemaVersion {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS, 'meta/_journal.json'), 'utf8')) as { entries: Array<{ when: number }> };
  return { migrations: journal.entries.length, lastWhen: Math.max(0, ...journal.entries.map((e) => e.when)) };
}

/** The migrations a database file has applied; null when it is not a Warroom database. */
export function fileSchemaVersion(sqlite: Database.Database): SchemaVersion | null {
  try {
    const row = sqlite.prepare('SELECT count(*) AS n, max(created_at) AS last FROM __drizzle_migrations').get() as {
      n: number;
      last: number | null;
    };
    return { migrations: row.n, lastWhen: Number(row.last ?? 0) };
  } catch {
    return null;
  }
}

/** Writes a consistent copy of the open database to `file` (via a temporary name, so a copy is whole or absent). */
export async function backupTo(sqlite: Database.Database, file: string): Promise<{ file: string; bytes: number }> {
  const target = resolve(file);
  mkdirSync(dirname(target), { recursive: true });
  const tmp = `${target}.partial`;
  rmSync(tmp, { force: true });
  await sqlite.backup(tmp);
  // A single self-contained file: no -wal or -shm appear beside the copy when it is opened later.
  const copy = new Database(tmp);
  copy.pragma('journal_mode = DELETE');
  copy.close();
  renameSync(tmp, target);
  return { file: target, bytes: statSync(target).size };
}

/** What is wrong with a backup file, in Chinese; empty when it can be restored. */
export function checkBackup(file: string): string[] {
  if (!existsSync(file)) return [`找不到备份文件 ${file}`];
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    return [`无法打开 ${file}：${(err as Error).message}`];
  }
  try {
    const rows = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
    const problems = rows
      .map((r) => r.integrity_check)
      .filter((r) => r !== 'ok')
      .map((r) => `integrity_check：${r}`);
    const version = fileSchemaVersion(db);
    const code = codeSchemaVersion();
    if (!version) problems.push('这不是作战室的数据库（没有 __drizzle_migrations 表）');
    else if (version.lastWhen > code.lastWhen || version.migrations > code.migrations) {
      problems.push(
        `备份来自更新的版本（已应用 ${version.migrations} 个迁移，本程序只认识 ${code.migrations} 个）：请用同一版本或更新的作战室恢复`,
      );
    }
    return problems;
  } catch (err) {
    return [`检查 ${file} 失败：${(err as Error).message}`];
  } finally {
    db.close();
  }
}

/** The server's claim on a database file: `<DATABASE_PATH>.pid`, holding its process id. */
export const pidFileOf = (dbPath: string) => `${resolve(dbPath)}.pid`;

/** Two instances may share a file (jobs take a lease): each removes the claim only while it is still its own. */
export function claimDatabase(dbPath: string): () => void {
  const file = pidFileOf(dbPath);
  writeFileSync(file, String(process.pid));
  return () => {
    if (existsSync(file) && readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file, { force: true });
  };
}

/** The pid of a live server on this database file, or null. */
export function serverOn(dbPath: string): number | null {
  const file = pidFileOf(dbPath);
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

/**
 * Replaces the database file with a checked backup. The current file is kept beside it as
 * `<name>.before-restore-<time>`; the WAL and shared-memory files of the old one are removed.
 */
export function restoreFrom(backup: string, dbPath: string, stamp: string): { kept: string | null } {
  const target = resolve(dbPath);
  mkdirSync(dirname(target), { recursive: true });
  const tmp = `${target}.restoring`;
  const copy = new Database(backup, { readonly: true, fileMustExist: true });
  try {
    // VACUUM INTO writes a fresh, self-contained file (no WAL to carry over).
    rmSync(tmp, { force: true });
    copy.prepare('VACUUM INTO ?').run(tmp);
  } finally {
    copy.close();
  }
  let kept: string | null = null;
  if (existsSync(target)) {
    kept = `${target}.before-restore-${stamp}`;
    // Checkpoint the old file's WAL into it first, so the kept copy is complete on its own.
    const old = new Database(target);
    old.pragma('wal_checkpoint(TRUNCATE)');
    old.close();
    renameSync(target, kept);
  }
  for (const ext of ['-wal', '-shm']) rmSync(`${target}${ext}`, { force: true });
  renameSync(tmp, target);
  return { kept };
}

/** Keeps the newest `keep` files named warroom-*.db in `dir`; returns the ones removed. */
export function pruneBackups(dir: string, keep: number): string[] {
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir)
    .filter((f) => /^warroom-.*\.db$/.test(f))
    .sort()
    .reverse();
  const gone = files.slice(keep).map((f) => join(dir, f));
  for (const f of gone) rmSync(f, { force: true });
  return gone.map((f) => basename(f));
}
