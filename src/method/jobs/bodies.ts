import type { Services } from '../../services.js';
import { runCalendarNotice } from './calendar-notice.js';
import { runReminders } from './reminders.js';
import type { JobOptions, JobResult } from './types.js';
import { runWarnings } from './warnings.js';
import { runWeeklyReport } from './weekly-report.js';

// The job bodies that may run in the heavy worker (src/method/heavy/job-kinds.ts): each computes every
// region's messages and commits the run with its outbox rows in one synchronous transaction, and leaves
// nothing pending, so its result crosses a thread as plain data. The prune and the backup stay on the
// main thread: they only record the run and hand their work to a worker or a stream themselves.

export type JobBody = (services: Services, at: Date, opts?: JobOptions) => JobResult;

export const JOB_BODIES = {
  'weekly-report': runWeeklyReport,
  warnings: runWarnings,
  reminders: runReminders,
  'calendar-notice': runCalendarNotice,
} satisfies Record<string, JobBody>;

export type JobBodyName = keyof typeof JOB_BODIES;

export function isJobBody(name: string): name is JobBodyName {
  return Object.hasOwn(JOB_BODIES, name);
}
