import cron, { type ScheduledTask } from 'node-cron';
import type { PlatformSender } from '../core/ports.js';
import { deliverDue } from '../method/delivery/outbox.js';
import type { Services } from '../services.js';
import { dailyExpression } from './due.js';
import { JOBS } from './index.js';
import { instanceId } from './lease.js';
import { runDue } from './runner.js';
import type { Job, JobResult } from './types.js';

// The cron shell (node-cron 4). It only wakes the scheduler up: runDue decides, records and
// enqueues (the report, warnings, reminders and calendar notice in the heavy worker on a database
// file, src/method/jobs/off-thread.ts); the sender delivers. Weekly jobs wake every day at their
// time so that a holiday Monday's report goes out at the same time on the week's first working day.

// The sender polls often: a manager's /report post should land within seconds, and a retry's
// backoff (30 s and up) is much longer than the poll.
const OUTBOX_POLL = '*/10 * * * * *';

/** Told the outcome of every run (done, already, skipped, failed): the job metrics. */
export interface ScheduleObserver {
  jobEnded(job: string, status: JobResult['status'] | 'failed'): void;
}

export interface Schedule {
  holder: string;
  /** Runs every job whose run this period is due and missing (start-up catch-up), then delivers. */
  tick(jobs?: readonly (Job | string)[]): Promise<JobResult[]>;
  stop(): Promise<void>;
}

export function createSchedule(
  services: Services,
  adapters: PlatformSender[],
  holder: string = instanceId(),
  observer?: ScheduleObserver,
): Schedule {
  const { log } = services;
  async function deliver(): Promise<void> {
    const stats = await deliverDue(services, adapters);
    if (stats.sent + stats.retrying + stats.failed > 0) log.info({ ...stats }, 'outbox delivered');
  }
  async function tick(jobs: readonly (Job | string)[] = JOBS): Promise<JobResult[]> {
    const results: JobResult[] = [];
    for (const job of jobs) {
      try {
        const r = await runDue(services, job, holder);
        if (r) results.push(r);
        if (r) log.info({ job: r.job, period: r.period, status: r.status, late: r.late, enqueued: r.enqueued.length }, r.summary);
        if (r) observer?.jobEnded(r.job, r.status);
      } catch (err) {
        observer?.jobEnded(typeof job === 'string' ? job : job.name, 'failed');
        // A failed run records nothing, so the next tick (or restart) tries the period again.
        log.error({ err, job: typeof job === 'string' ? job : job.name }, 'scheduled job failed');
      }
    }
    await deliver().catch((err: unknown) => log.error({ err }, 'outbox delivery failed'));
    return results;
  }
  return { holder, tick, stop: async () => {} };
}

/** One wake-up per expression; jobs that share one run in the registry's order. */
function wakeUps(services: Services): Map<string, Job[]> {
  const byExpression = new Map<string, Job[]>();
  for (const job of JOBS) {
    if (job.enabled && !job.enabled(services.config)) continue;
    const raw = job.schedule(services.config);
    const expr = job.period === 'week' ? dailyExpression(raw) : raw;
    byExpression.set(expr, [...(byExpression.get(expr) ?? []), job]);
  }
  return byExpression;
}

/** Starts the cron tasks and runs the start-up catch-up; main.ts stops it on shutdown. */
export async function startSchedule(services: Services, adapters: PlatformSender[], observer?: ScheduleObserver): Promise<Schedule> {
  const schedule = createSchedule(services, adapters, instanceId(), observer);
  const { config, log } = services;
  const opts = (name: string) => ({ name, timezone: config.TEAM_TIMEZONE, noOverlap: true });
  const tasks: ScheduledTask[] = [...wakeUps(services)].map(([expr, jobs]) =>
    cron.createTask(expr, () => schedule.tick(jobs), opts(jobs.map((j) => j.name).join('+'))),
  );
  tasks.push(cron.createTask(OUTBOX_POLL, () => schedule.tick([]), opts('outbox')));
  const caughtUp = await schedule.tick();
  for (const r of caughtUp)
    if (r.late) log.warn({ job: r.job, period: r.period }, `caught up a run missed while the service was down: ${r.summary}`);
  for (const t of tasks) await t.start();
  const times = Object.fromEntries(JOBS.map((j) => [j.name, j.schedule(config)]));
  log.info({ holder: schedule.holder, ...times, tz: config.TEAM_TIMEZONE }, 'scheduled jobs started');
  return {
    ...schedule,
    async stop() {
      for (const t of tasks) await t.destroy();
    },
  };
}
