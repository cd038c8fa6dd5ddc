import { localDateOf } from '../domain/dates.js';
import type { Services } from '../services.js';
import { defaultCalendar, dueMoment, inSendingHours, LATE_AFTER_MS } from './due.js';
import { withLease } from './lease.js';
import { runPrune } from './prune.js';
import { runReminders } from './reminders.js';
import type { JobName, JobOptions, JobResult } from './types.js';
import { runWarnings } from './warnings.js';
import { runWeeklyReport } from './weekly-report.js';

const JOBS: Record<JobName, (services: Services, at: Date, opts?: JobOptions) => JobResult> = {
  'weekly-report': runWeeklyReport,
  warnings: runWarnings,
  reminders: runReminders,
  prune: runPrune,
};

/** Runs a job now, whatever the schedule says (`npm run job`); still at most once per period. */
export function runJob(services: Services, job: JobName, at: Date, opts: JobOptions = {}): JobResult {
  return JOBS[job](services, at, opts);
}

/**
 * The one entry point of the scheduler, for cron ticks and start-up catch-up alike: runs the job
 * when its due moment in the current period has passed and it has not run yet, under a lease.
 * Returns null when nothing was due, it already ran, or another instance holds the lease.
 */
export function runIfDue(services: Services, job: JobName, holder: string, now: Date = services.clock.now()): JobResult | null {
  const { period, dueAt } = dueMoment(job, services.config, now);
  if (!dueAt || now < dueAt || services.repos.jobRuns.get(job, period)) return null;
  // A missed reminder is caught up on the next working day of the week, never on a day off.
  if (job === 'reminders' && !defaultCalendar.isWorkingDay(localDateOf(now, services.config.TEAM_TIMEZONE))) return null;
  const late = now.getTime() - dueAt.getTime() > LATE_AFTER_MS;
  if (late && job !== 'prune' && !inSendingHours(now, dueAt, services.config.TEAM_TIMEZONE)) return null;
  return withLease(services, `job:${job}`, holder, () => runJob(services, job, now, { late }));
}
