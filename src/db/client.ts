import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.js';

export type DB = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const MIGRATIONS = resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations');

/**
 * The server's own busy wait: a few ms, because better-sqlite3 waits synchronously and a long wait
 * freezes every request (a 5 s wait froze /healthz for 9.9 s). Contended work is retried
 * asynchronously instead (src/core/inbound.ts); command-line tools keep the long wait.
 */
export const SERVER_BUSY_TIMEOUT_MS = 10;

/**
 * Start-up under one exclusive lock: the migrations and the demo seed of two instances starting
 * together on an empty file ran at once (one crashed on UNIQUE regions.name). The lock is a
 * BEGIN EXCLUSIVE on a small side file, so it never blocks the database itself; the second instance
 * waits (synchronously, before it serves anything), then finds everything done. Returns the release.
 */
export function startupLock(path: string, waitMs = 120_000): () => void {
  if (path === ':memory:') return () => {};
  mkdirSync(dirname(resolve(path)), { recursive: true });
  const lock = new Database(`${path}.startup-lock`);
  lock.pragma(`busy_timeout = ${waitMs}`);
  lock.exec('BEGIN EXCLUSIVE');
  return () => {
    lock.exec('COMMIT');
    lock.close();
  };
}

/** SQLITE_BUSY and its extended codes (BUSY_SNAPSHOT, BUSY_RECOVERY, BUSY_TIMEOUT): another writer holds the lock. */
export function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code === 'SQLITE_LOCKED');
}

/** Opens (or creates) the SQLite file and applies the drizzle-kit migrations. ':memory:' for tests. */
export function openDb(path: string, opts: { busyTimeoutMs?: number } = {}): DB {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  // Two instances on one file (issue: a lease for jobs) wait instead of failing at once.
  sqlite.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 5000}`);
  // An INSERT OR REPLACE then fires the delete triggers of the row it replaces, so the customer
  // dates kept by the triggers of migrations 0006/0007 follow a replaced row that moved customer.
  sqlite.pragma('recursive_triggers = ON');
  const db = drizzle(sqlite, { schema }) as DB;
  migrate(db, { migrationsFolder: MIGRATIONS });
  immediateTransactions(db);
  return db;
}

/**
 * Every write transaction starts IMMEDIATE: it takes the write lock before its first read, so a
 * read-then-insert never meets SQLITE_BUSY_SNAPSHOT (a deferred transaction whose snapshot another
 * connection's commit made stale fails at once, whatever the busy timeout).
 */
function immediateTransactions(db: DB): void {
  const deferred = db.transaction.bind(db) as (fn: unknown, config?: { behavior?: string }) => unknown;
  db.transaction = ((fn: unknown, config?: { behavior?: string }) =>
    deferred(fn, { behavior: 'immediate', ...config })) as DB['transaction'];
}

/** True when another connection holds the write lock right now; never waits. */
export function writeLocked(db: DB): boolean {
  const sqlite = db.$client;
  if (sqlite.inTransaction) return false;
  const wait = sqlite.pragma('busy_timeout', { simple: true }) as number;
  sqlite.pragma('busy_timeout = 0');
  try {
    sqlite.exec('BEGIN IMMEDIATE; ROLLBACK;');
    return false;
  } catch (err) {
    if (isBusy(err)) return true;
    throw err;
  } finally {
    sqlite.pragma(`busy_timeout = ${wait}`);
  }
}

export function dbState(db: DB): { ok: boolean; migrations: number; busy?: boolean; error?: string } {
  try {
    const row = db.$client.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number };
    // busy: another process (an import, a job, a fix typed in sqlite3) holds the write lock; writes are
    // being retried and will land when it lets go.
    return { ok: true, migrations: row.n, busy: writeLocked(db) };
  } catch (err) {
    return { ok: false, migrations: 0, error: (err as Error).message };
  }
}
