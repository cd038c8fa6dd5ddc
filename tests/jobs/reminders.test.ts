import { describe, expect, it } from 'vitest';
import type { CardReply } from '../../src/core/reply.js';
import { runReminders } from '../../src/jobs/reminders.js';
import { buildTestApp } from '../helpers/test-app.js';
import { jobsSetup, outboxRows, seedJobsTeam } from './setup.js';

/** Thursday 2026-11-26 16:07 in Asia/Shanghai. */
const THURSDAY_1607 = '2026-11-26T08:07:00.000Z';

describe('runReminders (Thursday 2026-11-26 16:07, fixed clock)', () => {
  it('DMs each rep with open items this week, once', () => {
    const { services, team } = jobsSetup(THURSDAY_1607);
    const r = runReminders(services, new Date(THURSDAY_1607));
    expect(r.enqueued).toEqual([`reminders:${team.li.id}:2026-W48`]);
    const c = JSON.parse(outboxRows(services)[0]!.payload_json) as CardReply;
    expect(c.title).toBe('小李 · 本周待办提醒');
    expect(c.table!.rows.map((row) => row[2])).toEqual(['高层拜访', '现场回访', '技术答疑']);
    expect(c.table!.rows[2]).toEqual(['11-27', '华东重工', '技术答疑', '待完成']);
    expect(runReminders(services, new Date(THURSDAY_1607)).status).toBe('already');
  });

  it('reminds nobody on a non-working day', () => {
    const { services } = jobsSetup('2026-10-01T08:07:00.000Z');
    const r = runReminders(services, new Date('2026-10-01T08:07:00.000Z'));
    expect(r).toMatchObject({ status: 'skipped', enqueued: [] });
    expect(services.repos.jobRuns.get('reminders', '2026-W40')).toBeNull();
  });

  it("/pause stops a rep's reminders through the date; /resume brings them back", async () => {
    let team!: ReturnType<typeof seedJobsTeam>;
    const built = await buildTestApp({
      now: THURSDAY_1607,
      seed: (s) => {
        team = seedJobsTeam(s);
      },
    });
    const say = async (text: string) => {
      const res = await built.app.inject({ method: 'POST', url: '/console/messages', payload: { as: '小李', text } });
      return (res.json() as { replies: Array<{ text: string }> }).replies[0]!.text;
    };
    expect(await say('/暂停提醒 11-27')).toContain('2026-11-27（含）之前不再给你发待办提醒');
    expect(built.services.repos.members.byId(team.li.id)!.remindersPausedUntil).toBe('2026-11-27');
    expect(runReminders(built.services, new Date(THURSDAY_1607)).enqueued).toEqual([]);
    expect(await say('/恢复提醒')).toContain('已恢复提醒');
    built.services.db.$client.prepare('DELETE FROM job_runs').run();
    expect(runReminders(built.services, new Date(THURSDAY_1607)).enqueued).toEqual([`reminders:${team.li.id}:2026-W48`]);
  });

  it('/pause explains what to type when the date is missing or past', async () => {
    const built = await buildTestApp({ now: THURSDAY_1607, seed: seedJobsTeam });
    const say = async (text: string) =>
      (
        (await built.app.inject({ method: 'POST', url: '/console/messages', payload: { as: '小李', text } })).json() as {
          replies: Array<{ text: string }>;
        }
      ).replies[0]!.text;
    expect(await say('/pause')).toContain('/暂停提醒 12-15');
    expect(await say('/pause 11-20')).toContain('已经过去了');
    expect(await say('/pause 2027-06-01')).toContain('最长暂停');
  });
});
