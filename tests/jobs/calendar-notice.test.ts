import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { memberIdentities, members } from '../../src/db/schema.js';
import { runPrune } from '../../src/jobs/prune.js';
import { runIfDue, runJob } from '../../src/jobs/runner.js';
import { buildTestApp } from '../helpers/test-app.js';
import { MONDAY_0907, outboxRows, seedJobsTeam } from './setup.js';

// chinese-days 1.5.7 has no 2027 data: from 1 December 2026 managers and admins are told once that the
// 2027 arrangement is not in, and the Monday report says so, until the team's file lists it.

const dir = mkdtempSync(join(tmpdir(), 'warroom-cal-2027-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function setup(now: string, env: Record<string, string> = {}) {
  let team!: ReturnType<typeof seedJobsTeam>;
  const built = await buildTestApp({
    now,
    env,
    seed: (s) => {
      team = seedJobsTeam(s);
      const admin = s.db.insert(members).values({ name: '系统管理员', role: 'admin', regionId: null, managerId: null }).returning().get();
      s.db.insert(memberIdentities).values({ memberId: admin.id, platform: 'console', externalId: '系统管理员' }).run();
    },
  });
  const say = async (as: string, text: string) => {
    const res = await built.app.inject({ method: 'POST', url: '/console/messages', payload: { as, text } });
    return (res.json() as { replies: Array<{ reply: any; text: string }> }).replies[0]!;
  };
  const notices = () => outboxRows(built.services).filter((r) => r.idempotency_key.startsWith('calendar-notice:'));
  return { ...built, team, say, notices };
}

describe('a year whose holiday arrangement is not in yet (2027)', () => {
  it('says nothing in November', async () => {
    const t = await setup(MONDAY_0907);
    expect((await t.say('张经理', '/报告')).text).not.toContain('放假调休安排');
    expect(runJob(t.services, 'calendar-notice', t.clock.now())).toMatchObject({ status: 'done', enqueued: [] });
    expect(t.notices()).toEqual([]);
  });

  it('from 1 December tells each manager and admin once, with the recipe, and the Monday report notes it', async () => {
    const t = await setup('2026-12-01T01:37:00Z');
    const first = runIfDue(t.services, 'calendar-notice', 'a')!;
    const admin = t.services.repos.members.byName('系统管理员')[0]!;
    expect(first.enqueued.sort()).toEqual([`calendar-notice:${t.team.manager.id}:2027`, `calendar-notice:${admin.id}:2027`].sort());
    expect(
      t
        .notices()
        .map((r) => r.target_id)
        .sort(),
    ).toEqual(['张经理', '系统管理员']);
    const card = JSON.parse(t.notices()[0]!.payload_json);
    expect(card.title).toBe('2027 年放假安排尚未录入');
    expect(card.lines.join('\n')).toContain('02-05、02-08、02-09、02-10');
    expect(card.note).toContain('docs/operations.md');
    t.clock.set('2026-12-07T01:07:00Z');
    expect((await t.say('张经理', '/报告')).text).toContain('日历：2027 年放假调休安排尚未录入');
    // Later days, and after the prune has dropped the sent rows, nobody is told again.
    t.services.db.$client.prepare("UPDATE outbox SET state = 'sent', sent_at = 0").run();
    t.clock.set('2027-01-04T01:37:00Z');
    runPrune(t.services, t.clock.now());
    expect(t.notices()).toEqual([]);
    expect(runIfDue(t.services, 'calendar-notice', 'a')).toMatchObject({ status: 'done', enqueued: [] });
    expect(t.notices()).toEqual([]);
  });

  it("stays quiet once the team file lists 2027's 调休 workdays", async () => {
    const file = join(dir, 'calendar.json');
    writeFileSync(file, JSON.stringify({ daysOff: ['2027-02-11', '2027-02-12'], workdays: ['2027-02-20'] }));
    const t = await setup('2026-12-07T01:07:00Z', { CALENDAR_FILE: file });
    expect(runJob(t.services, 'calendar-notice', t.clock.now())).toMatchObject({ status: 'done', enqueued: [] });
    expect(t.notices()).toEqual([]);
    expect((await t.say('张经理', '/报告')).text).not.toContain('放假调休安排');
  });

  it('keeps the derived 春节 days off: the report of the week of 2027-02-08 goes out on Thursday', async () => {
    const t = await setup('2027-02-08T01:07:00Z');
    expect(runIfDue(t.services, 'weekly-report', 'a', new Date('2027-02-08T01:07:00Z'))).toBeNull();
    expect(runIfDue(t.services, 'weekly-report', 'a', new Date('2027-02-10T01:07:00Z'))).toBeNull();
    expect(runIfDue(t.services, 'weekly-report', 'a', new Date('2027-02-11T01:07:00Z'))).toMatchObject({
      status: 'done',
      period: '2027-W06',
    });
  });
});
