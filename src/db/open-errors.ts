import { type DB, openDb } from './client.js';

// Start-up failures of the database in one line an operator can act on: which variable, which
// path, what to do (docs/operations.md "Troubleshooting"). main.ts prints it and exits 1; the
// stack is logged only with LOG_LEVEL=debug.

export class DatabaseStartupError extends Error {
  constructor(
    message: string,
    override readonly cause: unknown,
  ) {
    super(message);
  }
}

const FIXES: Array<[RegExp, string]> = [
  [/ENOTDIR|EEXIST/, 'a part of the path is a regular file, not a folder: point DATABASE_PATH at a file inside a folder'],
  [/EACCES|EPERM/, 'the service may not create or write there: fix the folder permissions or choose another DATABASE_PATH'],
  [
    /EROFS|SQLITE_READONLY|readonly/i,
    'the file or its folder is read-only: make both writable by the service user (the folder holds -wal and -shm files too)',
  ],
  [
    /SQLITE_NOTADB|not a database|SQLITE_CORRUPT|malformed/i,
    'the file is not a SQLite database or is damaged: restore a backup with npm run restore -- <file>, or move it away to start empty',
  ],
  [
    /SQLITE_CANTOPEN|unable to open/i,
    'SQLite cannot open it (a folder of that name, or a missing folder it may not create): point DATABASE_PATH at a writable file path',
  ],
  [/SQLITE_FULL|ENOSPC|disk is full/i, 'the disk is full: free space, then start again'],
  [/SQLITE_BUSY|locked/i, 'another process holds the database locked: stop it (another Warroom, a sqlite3 shell) and start again'],
  [
    /migrat|no such table|already exists/i,
    'a migration failed: the file was changed by hand or by a newer version; restore a backup with npm run restore -- <file>',
  ],
];

function codeOf(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown; cause?: unknown };
  const own = `${typeof e?.code === 'string' ? e.code : ''} ${typeof e?.message === 'string' ? e.message : String(err)}`;
  return e?.cause ? `${own} ${codeOf(e.cause)}` : own;
}

export function explainDatabaseFailure(path: string, err: unknown): string {
  const text = codeOf(err);
  const fix = FIXES.find(([re]) => re.test(text))?.[1] ?? 'check that the path is a writable SQLite file, or restore a backup';
  const reason = text.trim().split('\n')[0]!.slice(0, 160);
  return `Cannot open the database DATABASE_PATH=${path}: ${fix} (${reason}).`;
}

/**
 * Opens and migrates the database, then proves it writable: an already migrated read-only file
 * would otherwise start and fail on the first write of a command.
 */
export function openDatabaseForServer(path: string): DB {
  try {
    const db = openDb(path);
    const v = db.$client.pragma('user_version', { simple: true }) as number;
    db.$client.pragma(`user_version = ${Number(v)}`);
    return db;
  } catch (err) {
    throw new DatabaseStartupError(explainDatabaseFailure(path, err), err);
  }
}
