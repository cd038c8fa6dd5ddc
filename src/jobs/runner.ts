import { localDateOf } from '../domain/dates.js';
import { isJobBody } from '../method/jobs/bodies.js';
import { runJobBody } from '../method/jobs/off-thread.js';
import type { Services } from '../services.js';
import { dueMoment, inSendingHours, LATE_AFTER_MS } from './due.js';
import { jobNamed } from './index.js';
import { withLease, withLeaseWhile } from './lease.js';
import type { Job, JobOptions, JobResult } from './types.js';

function jobOf(job: Job | string): Job {
  const found = typeof job === 'string' ? jobNamed(job) : job;
  if (!found) throw new Error(`unknown job: ${String(job)}`);
  return found;
}

/** Runs a job now in this thread, whatever the schedule says (`npm run job`); still at most once per period. */
export function runJob(services: Services, job: Job | string, at: Date, opts: JobOptions = {}): JobResult {
  return jobOf(job).run(services, at, opts);
}

/**
 * Whether the job is due now: its due moment in the current period has passed, it has not run yet,
 * and a late catch-up may go out now. Returns the job and whether the run is late, else null.
 */
function dueRun(services: Services, name: Job | string, now: Date): { job: Job; late: boolean } | null {
  const job = jobOf(name);
  if (job.enabled && !job.enabled(services.config)) return null;
  const tz = services.config.TEAM_TIMEZONE;
  const { period, dueAt } = dueMoment(job, services.config, now, services.calendar);
  if (!dueAt || now < dueAt || services.repos.jobRuns.get(job.name, period)) return null;
  // A missed run of a working-day job is caught up on the next working day, never on a day off.
  if (job.workingDaysOnly && !services.calendar.isWorkingDay(localDateOf(now, tz))) return null;
  const late = now.getTime() - dueAt.getTime() > LATE_AFTER_MS;
  if (late && job.postsToChats && !inSendingHours(now, dueAt, tz)) return null;
  return { job, late };
}

/**
 * The scheduler's entry point, for cron ticks and start-up catch-up alike: runs the job when it is
 * due (dueRun), under a lease, its body off the event loop (runLeased). Returns null when nothing was
 * due, it already ran, or another instance holds the lease.
 */
export async function runDue(
  services: Services,
  name: Job | string,
  holder: string,
  now: Date = services.clock.now(),
): Promise<JobResult | null> {
  const due = dueRun(services, name, now);
  return due ? runLeased(services, due.job, holder, now, { late: due.late }) : null;
}

/**
 * Runs the job under its lease, held until the body has committed. A body of src/method/jobs/bodies.ts
 * runs in the heavy worker on a database file (its own connection writes the run and the outbox rows;
 * this process's outbox pump delivers them); the others (prune, backup) run here and hand their own
 * work off. The job_runs record, written in the body's transaction, keeps it once per period across
 * instances whichever connection writes it. Null when another holder has the lease.
 */
export function runLeased(services: Services, job: Job, holder: string, at: Date, opts: JobOptions = {}): Promise<JobResult | null> {
  return withLeaseWhile(services, `job:${job.name}`, holder, async () =>
    isJobBody(job.name) ? runJobBody(services, job.name, at, opts) : job.run(services, at, opts),
  );
}

/** runDue in this thread, returning at once (tests; an in-memory database runs bodies here anyway). */
export function runIfDue(services: Services, name: Job | string, holder: string, now: Date = services.clock.now()): JobResult | null {
  const due = dueRun(services, name, now);
  return due && withLease(services, `job:${due.job.name}`, holder, () => due.job.run(services, now, { late: due.late }));
}
