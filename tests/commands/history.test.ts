import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { runWarnings } from '../../src/jobs/warnings.js';
import { buildTestApp } from '../helpers/test-app.js';
import { MONDAY_0907, seedJobsTeam } from '../jobs/setup.js';

// Issue 14 item 1: history is immutable. A stage change replans only what is due from the change
// date on; a warning already sent stays on /报告 and /团队 even after late logs lift the rate.

let app: FastifyInstance | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

async function setup() {
  let team!: ReturnType<typeof seedJobsTeam>;
  const built = await buildTestApp({
    now: MONDAY_0907,
    env: { REPORT_SHOW_WARNING_NAMES: 'true' },
    seed: (s) => {
      team = seedJobsTeam(s);
    },
  });
  app = built.app;
  const post = async (url: string, payload: object) => {
    const res = await built.app.inject({ method: 'POST', url, payload });
    expect(res.statusCode).toBe(200);
    return (res.json() as { replies: Array<{ reply: any; text: string }> }).replies;
  };
  const say = (as: string, text: string) => post('/console/messages', { as, text });
  const click = (as: string, b: { action: string; value: Record<string, string> }) =>
    post('/console/actions', { as, action: b.action, value: b.value });
  const sql = (q: string, ...p: unknown[]) => built.services.db.$client.prepare(q).all(...p) as any[];
  /** 小李's due and done per week (Monday), cancelled items excluded: what completion reads. */
  const weeks = () =>
    sql(
      `SELECT date(due_date, 'weekday 0', '-6 days') AS week, count(*) AS due, sum(status = 'done') AS done
    FROM due_items WHERE member_id = ? AND status != 'cancelled' GROUP BY week ORDER BY week`,
      team.li.id,
    );
  return { ...built, team, say, click, sql, weeks };
}

describe('history is immutable (issue 14 item 1)', () => {
  it('a stage change keeps every item already due, so past weeks and the warning stand', async () => {
    const t = await setup();
    runWarnings(t.services, t.clock.now());
    const before = t.weeks().filter((w) => w.week < '2026-11-30');
    expect(before).toEqual([
      { week: '2026-11-16', due: 3, done: 1 },
      { week: '2026-11-23', due: 3, done: 0 },
    ]);

    await t.say('小李', '/阶段 华东重工 成长 已两次复购');
    const approve = t
      .sql("SELECT payload_json FROM outbox WHERE target_id = '张经理' ORDER BY id")
      .map((r) => JSON.parse(r.payload_json))
      .at(-1).buttons[0];
    const [approved] = await t.click('张经理', approve);
    expect(approved!.text).toContain('已确认');
    expect(approved!.text).toContain('已到期未完成的 3 项保留（历史不改写），仍可补做');

    expect(t.weeks().filter((w) => w.week < '2026-11-30')).toEqual(before);
    const hdzg = t.sql('SELECT due_date, status FROM due_items WHERE customer_id = ? ORDER BY due_date', t.team.customers.hdzg.id);
    // Due before the change (11-30): still open, can still be done late. From it on: the new pack.
    expect(hdzg.filter((i) => i.due_date < '2026-11-30').map((i) => i.status)).toEqual(['open', 'open', 'open']);
    expect(hdzg.filter((i) => i.due_date >= '2026-11-30').every((i) => i.status === 'open')).toBe(true);

    const [team] = await t.say('张经理', '/团队');
    expect(team!.text).toMatch(/小李[^\n]*0%[^\n]*⚠ 连续两周 <70%/);
    const [report] = await t.say('张经理', '/报告');
    expect(report!.text).toContain('小李（已发预警）');
  });

  it('late logs lift the rate, yet /报告 and /团队 still show the warning that was sent', async () => {
    const t = await setup();
    runWarnings(t.services, t.clock.now());
    // Both overdue items of the week of 11-16 are done late, and the exec visit of 11-24.
    await t.say('小李', '/记录 技术答疑 华东重工');
    await t.say('小李', '/记录 技术答疑 华东精密机械');
    await t.say('小李', '/记录 高层拜访 华东精密机械');
    expect(t.weeks().filter((w) => w.week < '2026-11-30')).toEqual([
      { week: '2026-11-16', due: 3, done: 3 },
      { week: '2026-11-23', due: 3, done: 1 },
    ]);
    const [report] = await t.say('张经理', '/报告');
    expect(report!.text).toContain('预警（连续 2 周完成率低于 70%）：小李（已发预警）');
    const [team] = await t.say('张经理', '/团队');
    expect(team!.text).toMatch(/小李[^\n]*⚠ 连续两周 <70%/);
  });
});
