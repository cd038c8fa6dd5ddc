import cron, { type ScheduledTask } from 'node-cron';
import type { PlatformAdapter } from '../platforms/types.js';
import type { Services } from '../services.js';
import { dailyExpression } from './due.js';
import { instanceId } from './lease.js';
import { deliverDue } from './outbox.js';
import { runIfDue } from './runner.js';
import { JOB_NAMES, type JobName, type JobResult } from './types.js';

// The cron shell (node-cron 4). It only wakes the scheduler up: runIfDue decides, records and
// enqueues; the sender delivers. Weekly jobs wake every day at their time so that a holiday Monday's
// report goes out at the same time on the week's first working day.

// The sender polls often: a manager's /report post should land within seconds, and a retry's
// backoff (30 s and up) is much longer than the poll.
const OUTBOX_POLL = '*/10 * * * * *';

export interface Schedule {
  holder: string;
  /** Runs every job whose run this period is due and missing (start-up catch-up), then delivers. */
  tick(jobs?: readonly JobName[]): Promise<JobResult[]>;
  stop(): Promise<void>;
}

export function createSchedule(services: Services, adapters: PlatformAdapter[], holder: string = instanceId()): Schedule {
  const { log } = services;
  async function deliver(): Promise<void> {
    const stats = await deliverDue(services, adapters);
    if (stats.sent + stats.retrying + stats.failed > 0) log.info({ ...stats }, 'outbox delivered');
  }
  async function tick(jobs: readonly JobName[] = JOB_NAMES): Promise<JobResult[]> {
    const results: JobResult[] = [];
    for (const job of jobs) {
      try {
        const r = runIfDue(services, job, holder);
        if (r) results.push(r);
        if (r) log.info({ job, period: r.period, status: r.status, late: r.late, enqueued: r.enqueued.length }, r.summary);
      } catch (err) {
        // A failed run records nothing, so the next tick (or restart) tries the period again.
        log.error({ err, job }, 'scheduled job failed');
      }
    }
    await deliver().catch((err: unknown) => log.error({ err }, 'outbox delivery failed'));
    return results;
  }
  return { holder, tick, stop: async () => {} };
}

/** Starts the cron tasks and runs the start-up catch-up; main.ts stops it on shutdown. */
export async function startSchedule(services: Services, adapters: PlatformAdapter[]): Promise<Schedule> {
  const schedule = createSchedule(services, adapters);
  const { config, log } = services;
  const opts = (name: string) => ({ name, timezone: config.TEAM_TIMEZONE, noOverlap: true });
  const tasks: ScheduledTask[] = [
    cron.createTask(dailyExpression(config.SCHEDULE_WEEKLY_REPORT), () => schedule.tick(['weekly-report', 'warnings']), opts('weekly-report')),
    cron.createTask(dailyExpression(config.SCHEDULE_REMINDERS), () => schedule.tick(['reminders']), opts('reminders')),
    cron.createTask(config.SCHEDULE_PRUNE, () => schedule.tick(['prune']), opts('prune')),
    cron.createTask(OUTBOX_POLL, () => schedule.tick([]), opts('outbox')),
  ];
  const caughtUp = await schedule.tick();
  for (const r of caughtUp) if (r.late) log.warn({ job: r.job, period: r.period }, `caught up a run missed while the service was down: ${r.summary}`);
  for (const t of tasks) await t.start();
  log.info({ holder: schedule.holder, weekly: config.SCHEDULE_WEEKLY_REPORT, reminders: config.SCHEDULE_REMINDERS, prune: config.SCHEDULE_PRUNE, tz: config.TEAM_TIMEZONE }, 'scheduled jobs started');
  return {
    ...schedule,
    async stop() {
      for (const t of tasks) await t.destroy();
    },
  };
}
