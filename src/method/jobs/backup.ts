import { localDateOf } from '../../domain/dates.js';
import type { Services } from '../../services.js';
import { backupFileFor, startBackup } from '../backup/nightly.js';
import { commitRun } from '../delivery/outbox.js';
import type { JobOptions, JobResult } from './types.js';

// The nightly backup (docs/operations.md "Backups"): off unless BACKUP_DIR is set; keeps the newest
// BACKUP_KEEP copies named warroom-<date>.db. The run is recorded when the copy starts; a failure is
// logged, and the next night tries again with a new date.

export function runBackup(services: Services, at: Date, opts: JobOptions = {}): JobResult {
  const { BACKUP_DIR: dir, BACKUP_KEEP: keep } = services.config;
  const period = localDateOf(at, services.config.TEAM_TIMEZONE);
  const late = opts.late ?? false;
  if (!dir) return { job: 'backup', period, status: 'skipped', late, enqueued: [], summary: '未设置 BACKUP_DIR，不做夜间备份' };
  const file = backupFileFor(dir, period);
  const recorded = commitRun(services, { job: 'backup', period, at, late, messages: [], detail: { file } });
  if (recorded === null) return { job: 'backup', period, status: 'already', late, enqueued: [], summary: `${period} 已经备份过` };
  const pending = startBackup(services, file, dir, keep);
  return { job: 'backup', period, status: 'done', late, enqueued: [], summary: `开始备份到 ${file}（保留最近 ${keep} 份）`, pending };
}
