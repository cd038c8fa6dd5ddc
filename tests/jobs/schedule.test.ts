import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createWorkCalendar } from '../../src/domain/calendar.js';
import { dailyExpression, dueMoment as dueMomentOf, zonedTime } from '../../src/jobs/due.js';
import { jobNamed } from '../../src/jobs/index.js';
import { LEASE_TTL_MS } from '../../src/jobs/lease.js';
import { runDue, runIfDue, runJob, runLeased } from '../../src/jobs/runner.js';
import { createSchedule, startSchedule } from '../../src/jobs/schedule.js';
import { heavyIdle, heavyStats } from '../../src/method/heavy/run.js';
import { fakeAdapter, fileDb, jobsSetup, MONDAY_0907, outboxRows, seedJobsTeam } from './setup.js';

const config = loadConfig({ DATABASE_PATH: ':memory:' });
const calendar = createWorkCalendar();
const dueMoment = (name: string, c: typeof config, at: Date) => dueMomentOf(jobNamed(name)!, c, at, calendar);

describe('due moments', () => {
  it('puts the Monday report at Monday 09:07 team time and reminders at Thursday 16:07', () => {
    expect(dueMoment('weekly-report', config, new Date(MONDAY_0907))).toEqual({ period: '2026-W49', dueAt: new Date(MONDAY_0907) });
    expect(dueMoment('warnings', config, new Date('2026-12-03T00:00:00Z')).dueAt).toEqual(new Date(MONDAY_0907));
    expect(dueMoment('reminders', config, new Date(MONDAY_0907)).dueAt).toEqual(new Date('2026-12-03T08:07:00Z'));
    expect(dueMoment('prune', config, new Date(MONDAY_0907))).toEqual({ period: '2026-11-30', dueAt: new Date('2026-11-29T19:17:00Z') });
  });

  it("moves a holiday Monday's report to the week's first working day (2026-10-05, National Day → Thursday 10-08)", () => {
    expect(dueMoment('weekly-report', config, new Date('2026-10-05T02:00:00Z')).dueAt).toEqual(new Date('2026-10-08T01:07:00Z'));
    // Thursday 10-01 and the rest of that week are off: no reminders that week.
    expect(dueMoment('reminders', config, new Date('2026-09-28T02:00:00Z')).dueAt).toBeNull();
  });

  it('follows configured schedules and time zones', () => {
    const c = loadConfig({ DATABASE_PATH: ':memory:', SCHEDULE_WEEKLY_REPORT: '37 8 * * 2', TEAM_TIMEZONE: 'Europe/Berlin' });
    expect(dueMoment('weekly-report', c, new Date(MONDAY_0907)).dueAt).toEqual(new Date('2026-12-01T07:37:00Z'));
    expect(zonedTime('2026-07-01', 9, 7, 'Europe/Berlin')).toEqual(new Date('2026-07-01T07:07:00Z'));
    expect(dailyExpression('7 9 * * 1')).toBe('7 9 * * *');
    expect(() => loadConfig({ SCHEDULE_REMINDERS: '7 16 * *' })).toThrow(/SCHEDULE_REMINDERS/);
  });
});

describe('runIfDue: the scheduler and the start-up catch-up', () => {
  it('runs nothing before the due moment, then runs on time, once', () => {
    const { services } = jobsSetup('2026-11-30T00:00:00Z');
    expect(runIfDue(services, 'weekly-report', 'a', new Date('2026-11-30T01:06:59Z'))).toBeNull();
    expect(runIfDue(services, 'weekly-report', 'a', new Date(MONDAY_0907))).toMatchObject({ status: 'done', late: false });
    expect(runIfDue(services, 'weekly-report', 'a', new Date('2026-11-30T01:08:00Z'))).toBeNull();
  });

  it("holds a holiday Monday's report until the first working day", () => {
    const { services } = jobsSetup('2026-10-05T01:07:00Z');
    expect(runIfDue(services, 'weekly-report', 'a', new Date('2026-10-05T01:07:00Z'))).toBeNull();
    expect(runIfDue(services, 'weekly-report', 'a', new Date('2026-10-07T01:07:00Z'))).toBeNull();
    const r = runIfDue(services, 'weekly-report', 'a', new Date('2026-10-08T01:07:00Z'));
    expect(r).toMatchObject({ status: 'done', late: false, period: '2026-W41' });
  });

  it('catches up a missed Monday once, marked late; a second restart sends nothing more', async () => {
    const { services, clock } = jobsSetup('2026-12-02T02:00:00Z'); // Wednesday: down since Sunday
    const fake = fakeAdapter();
    const results = await createSchedule(services, [fake.adapter], 'restart-1').tick();
    // December without next year's arrangement (chinese-days has no 2027): the calendar notice goes to the manager too.
    expect(results.map((r) => [r.job, r.late])).toEqual([
      ['weekly-report', true],
      ['warnings', true],
      ['prune', true],
      ['calendar-notice', true],
    ]);
    expect(services.repos.jobRuns.get('weekly-report', '2026-W49')!.late).toBe(true);
    expect(fake.delivered.size).toBe(4);
    clock.advance(60_000);
    expect(await createSchedule(services, [fake.adapter], 'restart-2').tick()).toEqual([]);
    expect(fake.calls).toHaveLength(4);
  });

  it("holds a catch-up during the night until the job's own time of day", () => {
    const { services } = jobsSetup('2026-12-01T20:00:00Z'); // Wednesday 04:00 team time
    expect(runIfDue(services, 'weekly-report', 'a', new Date('2026-12-01T20:00:00Z'))).toBeNull();
    expect(runIfDue(services, 'prune', 'a', new Date('2026-12-01T20:00:00Z'))).toMatchObject({ status: 'done', late: true });
    expect(runIfDue(services, 'weekly-report', 'a', new Date('2026-12-02T01:07:00Z'))).toMatchObject({ status: 'done', late: true });
  });

  it('does not catch up missed reminders on a day off', () => {
    const { services } = jobsSetup('2026-11-28T02:00:00Z'); // Saturday after a missed Thursday
    expect(runIfDue(services, 'reminders', 'a', new Date('2026-11-28T02:00:00Z'))).toBeNull();
  });

  it('skips a job while another instance holds its lease', () => {
    const { services } = jobsSetup();
    const now = new Date(MONDAY_0907).getTime();
    expect(services.repos.leases.acquire('job:weekly-report', 'other', now, LEASE_TTL_MS)).toBe(true);
    expect(runIfDue(services, 'weekly-report', 'me', new Date(MONDAY_0907))).toBeNull();
    expect(services.repos.leases.acquire('job:weekly-report', 'me', now + LEASE_TTL_MS, LEASE_TTL_MS)).toBe(true);
    expect(services.repos.leases.acquire('job:weekly-report', 'other', now + LEASE_TTL_MS + 1, LEASE_TTL_MS)).toBe(false);
  });
});

// On a database file the report and the warnings run in the heavy worker: a worker starts tsx, seconds on a busy machine.
describe('two instances on one database', { timeout: 60_000 }, () => {
  it('do not both post: one run, one delivery per message', async () => {
    const db = fileDb();
    const a = db.open(MONDAY_0907);
    seedJobsTeam(a.services);
    const b = db.open(MONDAY_0907);
    // While A holds a job's lease, B (another handle on the same file) does not run it.
    const now = Date.parse(MONDAY_0907);
    expect(a.services.repos.leases.acquire('job:weekly-report', 'instance-a', now, LEASE_TTL_MS)).toBe(true);
    expect(runIfDue(b.services, 'weekly-report', 'instance-b', new Date(MONDAY_0907))).toBeNull();
    a.services.repos.leases.release('job:weekly-report', 'instance-a');
    const fa = fakeAdapter();
    const fb = fakeAdapter();
    const [ra, rb] = await Promise.all([
      createSchedule(a.services, [fa.adapter], 'instance-a').tick(),
      createSchedule(b.services, [fb.adapter], 'instance-b').tick(),
    ]);
    const runs = [...ra, ...rb]
      .filter((r) => r.status === 'done')
      .map((r) => r.job)
      .sort();
    expect(runs).toEqual(['prune', 'warnings', 'weekly-report']);
    const keys = outboxRows(a.services)
      .map((r) => r.idempotency_key)
      .sort();
    expect(keys).toHaveLength(3);
    expect([...fa.calls, ...fb.calls].map((c) => c.key).sort()).toEqual(keys);
    a.services.db.$client.close();
    b.services.db.$client.close();
  });
});

// Each worker starts tsx and opens the file: seconds on a busy 2-core machine.
describe('two instances, the bodies in the heavy worker (database file)', { timeout: 60_000 }, () => {
  it('holds the lease until the worker has committed; the other instance neither runs nor records the job', async () => {
    const db = fileDb();
    const a = db.open(MONDAY_0907);
    seedJobsTeam(a.services);
    const b = db.open(MONDAY_0907);
    const running = runDue(a.services, 'weekly-report', 'instance-a');
    // A took the lease before its worker started; B is turned away while the worker computes.
    expect(a.services.repos.jobRuns.get('weekly-report', '2026-W49')).toBeNull();
    expect(await runDue(b.services, 'weekly-report', 'instance-b')).toBeNull();
    const done = await running;
    expect(done).toMatchObject({ status: 'done', late: false, enqueued: [expect.stringMatching(/^weekly-report:/)] });
    expect(heavyStats(a.services).started).toMatchObject({ job: 1 });
    // Released after the commit: B finds the run recorded; forced, its worker writes nothing twice.
    expect(await runDue(b.services, 'weekly-report', 'instance-b')).toBeNull();
    expect(await runLeased(b.services, jobNamed('weekly-report')!, 'instance-b', new Date(MONDAY_0907))).toMatchObject({
      status: 'already',
      enqueued: [],
    });
    expect(outboxRows(a.services).map((r) => r.idempotency_key)).toEqual(done!.enqueued);
    for (const s of [a.services, b.services]) {
      await heavyIdle(s);
      s.db.$client.close();
    }
  });
});

describe('startSchedule (the node-cron shell)', () => {
  it('catches up on start, starts the cron tasks in the team time zone, and stops them', async () => {
    const { services } = jobsSetup('2026-12-02T02:00:00Z');
    const fake = fakeAdapter();
    const schedule = await startSchedule(services, [fake.adapter]);
    expect(services.repos.jobRuns.get('weekly-report', '2026-W49')!.late).toBe(true);
    expect(fake.delivered.size).toBe(4); // report, warning, nudge, and the 2027 calendar notice
    await schedule.stop();
  });
});

describe('the team calendar (CALENDAR_FILE) moves the scheduled jobs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'warroom-cal-'));
  const file = join(dir, 'calendar.json');
  writeFileSync(file, JSON.stringify({ daysOff: ['2026-11-30', '2026-12-03'] }));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('holds the Monday report on a day off in the file and sends it on the next working day', () => {
    const { services } = jobsSetup('2026-11-30T01:07:00Z', { CALENDAR_FILE: file });
    expect(services.calendar.isWorkingDay('2026-11-30')).toBe(false);
    expect(runIfDue(services, 'weekly-report', 'a', new Date(MONDAY_0907))).toBeNull();
    expect(runIfDue(services, 'warnings', 'a', new Date(MONDAY_0907))).toBeNull();
    expect(runIfDue(services, 'weekly-report', 'a', new Date('2026-12-01T01:07:00Z'))).toMatchObject({
      status: 'done',
      late: false,
      period: '2026-W49',
    });
  });

  it('moves the Thursday reminders off a day off in the file to Friday, and never sends them on the day off', () => {
    const { services } = jobsSetup('2026-12-03T08:07:00Z', { CALENDAR_FILE: file });
    expect(runIfDue(services, 'reminders', 'a', new Date('2026-12-03T08:07:00Z'))).toBeNull();
    expect(runIfDue(services, 'reminders', 'a', new Date('2026-12-04T08:07:00Z'))).toMatchObject({ status: 'done', late: false });
  });

  it('the reminders job itself refuses to run on a day off in the file', () => {
    const { services } = jobsSetup('2026-12-03T08:07:00Z', { CALENDAR_FILE: file });
    expect(runJob(services, 'reminders', new Date('2026-12-03T08:07:00Z'))).toMatchObject({ status: 'skipped' });
  });
});
