import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { CardReply } from '../../src/core/reply.js';
import { memberIdentities, members, regions } from '../../src/db/schema.js';
import { runWarnings } from '../../src/jobs/warnings.js';
import { buildTestApp } from '../helpers/test-app.js';
import { jobsSetup, MONDAY_0907, outboxRows, seedJobsTeam } from './setup.js';

const payload = (services: Parameters<typeof outboxRows>[0], key: string) =>
  JSON.parse(outboxRows(services).find((r) => r.idempotency_key === key)!.payload_json) as CardReply;

describe('runWarnings (Monday 2026-11-30, fixed clock)', () => {
  it('DMs the manager once with both rates, what can still be done and three buttons', () => {
    const { services, team } = jobsSetup();
    const r = runWarnings(services, new Date(MONDAY_0907));
    const managerKey = `warning:${team.li.id}:2026-W49:manager:${team.manager.id}`;
    expect(r.status).toBe('done');
    expect(r.enqueued).toEqual([managerKey, `warning-nudge:${team.li.id}:2026-W49`]);
    const c = payload(services, managerKey);
    expect(c.title).toBe('预警：小李 连续 2 周完成率低于 70%');
    expect(c.fields!.map((f) => f.value)).toEqual(['33%', '0%']);
    // Issue 14 item 4: the items of 11-17, 11-19 and 11-27 can no longer be done (their windows closed).
    expect(c.table!.rows.length).toBe(2);
    expect(c.table!.rows[0]).toEqual(['11-24', '华东精密机械', '高层拜访', '逾期 6 天，12-31 前可补']);
    expect(c.buttons!.map((b) => [b.label, b.action])).toEqual([
      ['安排辅导', 'warning.coach'],
      ['资源倾斜', 'warning.resources'],
      ['已知悉', 'warning.ack'],
    ]);
    expect(outboxRows(services).find((row) => row.idempotency_key === managerKey)!.target_id).toBe('张经理');
  });

  it('sends the rep one gentle nudge with their most urgent items that can still be done', () => {
    const { services, team } = jobsSetup();
    runWarnings(services, new Date(MONDAY_0907));
    const c = payload(services, `warning-nudge:${team.li.id}:2026-W49`);
    expect(c.title).toBe('小李，这周先把这 2 件做了');
    expect(c.table!.rows.map((row) => row[0])).toEqual(['11-24', '11-25']);
  });

  it('warns once per week, and not at all for a rep at or above the threshold', () => {
    const { services } = jobsSetup();
    runWarnings(services, new Date(MONDAY_0907));
    expect(runWarnings(services, new Date('2026-12-01T02:00:00Z')).status).toBe('already');
    expect(outboxRows(services).filter((r) => r.idempotency_key.includes('老王'))).toHaveLength(0);
    expect(outboxRows(services)).toHaveLength(2);
  });

  it('does not nudge a rep who paused reminders, but still warns the manager', () => {
    const { services, team } = jobsSetup();
    services.repos.members.setRemindersPausedUntil(team.li.id, '2026-12-04');
    const r = runWarnings(services, new Date(MONDAY_0907));
    expect(r.enqueued).toEqual([`warning:${team.li.id}:2026-W49:manager:${team.manager.id}`]);
  });
});

describe('warning buttons', () => {
  it('records each click in warning_responses and answers; only the manager may answer', async () => {
    let team!: ReturnType<typeof seedJobsTeam>;
    const built = await buildTestApp({
      now: MONDAY_0907,
      seed: (s) => {
        team = seedJobsTeam(s);
      },
    });
    const click = async (as: string, action: string) => {
      const res = await built.app.inject({
        method: 'POST',
        url: '/console/actions',
        payload: { as, action, value: { repId: String(team.li.id), week: '2026-11-30' } },
      });
      return (res.json() as { replies: Array<{ text: string }> }).replies[0]!.text;
    };
    expect(await click('张经理', 'warning.coach')).toContain('安排辅导：小李');
    expect(await click('张经理', 'warning.ack')).toContain('已知悉');
    expect(await click('小李', 'warning.resources')).toContain('只有 小李 的主管');
    const rows = built.services.repos.warningResponses.forRepWeek(team.li.id, '2026-11-30');
    expect(rows.map((r) => r.choice)).toEqual(['coaching', 'acknowledged']);
    expect(rows[0]).toMatchObject({ managerId: team.manager.id, at: Date.parse(MONDAY_0907) });
  });

  it("when the rep's manager is outside the region, every region manager gets the card and each may answer", async () => {
    let team!: ReturnType<typeof seedJobsTeam>;
    let second!: { id: number; name: string };
    const built = await buildTestApp({
      now: MONDAY_0907,
      seed: (s) => {
        team = seedJobsTeam(s);
        const south = s.db.insert(regions).values({ name: '华南区', weightsJson: '{}' }).returning().get();
        const far = s.db.insert(members).values({ name: '南经理', role: 'manager', regionId: south.id }).returning().get();
        second = s.db.insert(members).values({ name: '副经理', role: 'manager', regionId: team.region.id }).returning().get();
        for (const m of [far, second])
          s.db.insert(memberIdentities).values({ memberId: m.id, platform: 'console', externalId: m.name }).run();
        s.db.update(members).set({ managerId: far.id }).where(eq(members.id, team.li.id)).run();
      },
    });
    const r = runWarnings(built.services, new Date(MONDAY_0907));
    const cards = r.enqueued.filter((k) => k.includes(':manager:'));
    expect(cards).toEqual([team.manager.id, second.id].map((id) => `warning:${team.li.id}:2026-W49:manager:${id}`));
    const click = async (as: string) => {
      const res = await built.app.inject({
        method: 'POST',
        url: '/console/actions',
        payload: { as, action: 'warning.ack', value: { repId: String(team.li.id), week: '2026-11-30' } },
      });
      return (res.json() as { replies: Array<{ text: string }> }).replies[0]!.text;
    };
    expect(await click('张经理')).toContain('已知悉');
    expect(await click('副经理')).toContain('已知悉');
    expect(await click('南经理')).toContain('只有 小李 的主管');
  });
});
