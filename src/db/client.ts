import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.js';

export type DB = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const MIGRATIONS = resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations');

/** Opens (or creates) the SQLite file and applies the drizzle-kit migrations. ':memory:' for tests. */
export function openDb(path: string): DB {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  // Two instances on one file (issue: a lease for jobs) wait instead of failing at once.
  sqlite.pragma('busy_timeout = 5000');
  // An INSERT OR REPLACE then fires the delete triggers of the row it replaces, so the customer
  // dates kept by the triggers of migrations 0006/0007 follow a replaced row that moved customer.
  sqlite.pragma('recursive_triggers = ON');
  const db = drizzle(sqlite, { schema }) as DB;
  migrate(db, { migrationsFolder: MIGRATIONS });
  return db;
}

export function dbState(db: DB): { ok: boolean; migrations: number; error?: string } {
  try {
    const row = db.$client.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number };
    return { ok: true, migrations: row.n };
  } catch (err) {
    return { ok: false, migrations: 0, error: (err as Error).message };
  }
}
