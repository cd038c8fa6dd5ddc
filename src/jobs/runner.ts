import { localDateOf } from '../domain/dates.js';
import type { Services } from '../services.js';
import { dueMoment, inSendingHours, LATE_AFTER_MS } from './due.js';
import { jobNamed } from './index.js';
import { withLease } from './lease.js';
import type { Job, JobOptions, JobResult } from './types.js';

function jobOf(job: Job | string): Job {
  const found = typeof job === 'string' ? jobNamed(job) : job;
  if (!found) throw new Error(`unknown job: ${String(job)}`);
  return found;
}

/** Runs a job now, whatever the schedule says (`npm run job`); still at most once per period. */
export function runJob(services: Services, job: Job | string, at: Date, opts: JobOptions = {}): JobResult {
  return jobOf(job).run(services, at, opts);
}

/**
 * The one entry point of the scheduler, for cron ticks and start-up catch-up alike: runs the job
 * when its due moment in the current period has passed and it has not run yet, under a lease.
 * Returns null when nothing was due, it already ran, or another instance holds the lease.
 */
export function runIfDue(services: Services, name: Job | string, holder: string, now: Date = services.clock.now()): JobResult | null {
  const job = jobOf(name);
  if (job.enabled && !job.enabled(services.config)) return null;
  const tz = services.config.TEAM_TIMEZONE;
  const { period, dueAt } = dueMoment(job, services.config, now, services.calendar);
  if (!dueAt || now < dueAt || services.repos.jobRuns.get(job.name, period)) return null;
  // A missed run of a working-day job is caught up on the next working day, never on a day off.
  if (job.workingDaysOnly && !services.calendar.isWorkingDay(localDateOf(now, tz))) return null;
  const late = now.getTime() - dueAt.getTime() > LATE_AFTER_MS;
  if (late && job.postsToChats && !inSendingHours(now, dueAt, tz)) return null;
  return withLease(services, `job:${job.name}`, holder, () => job.run(services, now, { late }));
}
