import { join } from 'node:path';
import { backupTo, pruneBackups } from '../../db/backup.js';
import type { Services } from '../../services.js';

// The nightly backup's work (docs/operations.md "Backups"): an online copy of the open database to
// <dir>/warroom-<date>.db, then only the newest `keep` copies are kept. SQLite copies the pages a step
// at a time between event-loop turns, so commands keep being answered while it runs.

export function backupFileFor(dir: string, period: string): string {
  return join(dir, `warroom-${period}.db`);
}

/** Starts the copy; the promise settles when it is written (or logged as failed) and old copies are pruned. */
export function startBackup(services: Services, file: string, dir: string, keep: number): Promise<void> {
  return backupTo(services.db.$client, file).then(
    (r) => services.log.info({ file: r.file, bytes: r.bytes, removed: pruneBackups(dir, keep) }, 'nightly backup written'),
    (err: unknown) => services.log.error({ err, file }, 'nightly backup failed'),
  );
}
