import { backupJob } from './backup.js';
import { calendarNoticeJob } from './calendar-notice.js';
import { pruneJob } from './prune.js';
import { remindersJob } from './reminders.js';
import type { Job } from './types.js';
import { warningsJob } from './warnings.js';
import { weeklyReportJob } from './weekly-report.js';

// The registry: adding a job is one file in src/jobs/ plus one line here (docs/architecture.md).
// Jobs due at the same moment run in this order (the warnings go right after the report).

export const JOBS: readonly Job[] = [weeklyReportJob, warningsJob, remindersJob, pruneJob, calendarNoticeJob, backupJob];

export const JOB_NAMES: readonly string[] = JOBS.map((j) => j.name);

export function jobNamed(name: string): Job | undefined {
  return JOBS.find((j) => j.name === name);
}
