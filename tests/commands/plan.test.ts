import { describe, expect, it } from 'vitest';
import { weekStart } from '../../src/domain/dates.js';
import { chatApp } from '../helpers/method-chat.js';
import { seedSmallTeam } from '../helpers/team.js';

async function setup(env: Record<string, string> = {}) {
  const t = await chatApp(seedSmallTeam, env);
  const items = (memberId = t.seeded.li.id) =>
    t.sql("SELECT * FROM due_items WHERE member_id = ? AND status != 'cancelled' ORDER BY due_date", memberId);
  const overrides = () => t.sql('SELECT * FROM frequency_overrides ORDER BY id');
  return { ...t, items, overrides };
}

describe("/plan claims the quarter's packs", () => {
  it('one item per (customer, action, period), on working days from today, and claiming twice adds nothing', async () => {
    const t = await setup();
    const [first] = await t.say('小李', '/领取');
    expect(first!.text).toMatch(/新增 \d+ 项待办/);
    const items = t.items();
    const keys = items.map((i) => `${i.customer_id}|${i.action_code}|${i.period}`);
    expect(new Set(keys).size).toBe(keys.length);
    const fresh = items.filter((i) => i.id > t.seeded.items.exec.id);
    expect(fresh.length).toBeGreaterThan(0);
    for (const i of fresh) {
      expect(t.services.calendar.isWorkingDay(i.due_date)).toBe(true);
      expect(i.due_date >= '2026-11-26' && i.due_date <= '2026-12-31').toBe(true);
    }
    // Packs: 华东重工 incubating (revisit, Q&A, trial), 华东精密机械 growing (exec visit, report, case).
    expect(new Set(items.map((i) => i.action_code))).toEqual(
      new Set(['onsite_revisit', 'tech_qa', 'trial_upgrade', 'exec_visit', 'competitor_report', 'joint_case']),
    );
    const count = t.sql('SELECT count(*) n FROM due_items')[0].n;
    const [again] = await t.say('小李', '/plan');
    expect(again!.text).toContain('没有新的待办');
    expect(t.sql('SELECT count(*) n FROM due_items')[0].n).toBe(count);
  });

  it('staggers due dates so the weekly load is even', async () => {
    const t = await setup();
    await t.say('小李', '/领取');
    const perWeek = new Map<string, number>();
    for (const i of t.items().filter((x) => x.status === 'open' && x.due_date >= '2026-11-30')) {
      perWeek.set(weekStart(i.due_date), (perWeek.get(weekStart(i.due_date)) ?? 0) + 1);
    }
    const loads = [...perWeek.values()];
    expect(loads.length).toBeGreaterThanOrEqual(4);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(2);
  });

  it('is for reps; a manager is told so', async () => {
    const t = await setup();
    expect((await t.say('张经理', '/领取'))[0]!.text).toContain('只有销售');
  });
});

describe('/plan <customer> <action> <frequency>', () => {
  it('raising a frequency takes effect at once and replans the action', async () => {
    const t = await setup();
    await t.say('小李', '/领取');
    const [r] = await t.say('小李', '/领取 华东重工 技术答疑 每周1次');
    expect(r!.text).toContain('调整为每周1次');
    expect(t.overrides()[0]).toMatchObject({
      status: 'active',
      frequency_json: JSON.stringify({ kind: 'periodic', period: 'biweek', times: 2 }),
    });
    const qa = t.items().filter((i) => i.action_code === 'tech_qa' && i.status === 'open' && i.due_date >= '2026-11-26');
    expect(qa.some((i) => /\/2$/.test(i.period))).toBe(true);
    // Claiming again keeps the committed frequency and adds nothing.
    expect((await t.say('小李', '/领取'))[0]!.text).toContain('没有新的待办');
  });

  it("lowering needs the manager's approval by card; reject keeps the pack", async () => {
    const t = await setup();
    const before = t.items().length;
    const [r] = await t.say('小李', '/领取 华东重工 现场回访 每季度1次');
    expect(r!.text).toContain('需要主管批准');
    expect(t.overrides()[0]).toMatchObject({ status: 'pending' });
    expect(t.items()).toHaveLength(before);
    const card = t.dms('张经理')[0];
    expect(card.title).toContain('降低频次审批');
    const [approve, reject] = card.buttons;
    expect(approve).toMatchObject({ action: 'freq.approve', value: { overrideId: String(t.overrides()[0].id) } });
    expect((await t.click('小李', approve))[0]!.text).toContain('只有本区主管');
    expect((await t.click('张经理', reject))[0]!.text).toContain('已驳回');
    expect(t.overrides()[0].status).toBe('rejected');
    expect((await t.click('张经理', approve))[0]!.text).toContain('已经处理过');
    expect(t.dms('小李').at(-1).text).toContain('驳回');
  });

  it('approval makes the lower frequency active and replans', async () => {
    const t = await setup();
    await t.say('小李', '/领取 华东重工 现场回访 每季度1次');
    const [r] = await t.click('张经理', t.dms('张经理')[0].buttons[0]);
    expect(r!.text).toContain('已批准');
    expect(t.overrides()[0]).toMatchObject({ status: 'active', approved_by_id: t.seeded.manager.id });
    expect(t.sql('SELECT status FROM due_items WHERE id = ?', t.seeded.items.revisit.id)[0].status).toBe('open');
    expect(t.items().some((i) => i.action_code === 'onsite_revisit' && i.period === '2026-Q4')).toBe(true);
  });

  it('a frequency change gives the new plan all its items (period keys repeat), and the reply counts are true', async () => {
    const t = await setup();
    const revisits = (month: string) =>
      t.sql(
        "SELECT * FROM due_items WHERE customer_id = ? AND action_code = 'onsite_revisit' AND status = 'open' AND period LIKE ? ORDER BY period",
        t.seeded.customers.hdzg.id,
        `${month}%`,
      );
    const total = () => t.sql("SELECT count(*) n FROM due_items WHERE action_code = 'onsite_revisit'")[0].n;
    await t.say('小李', '/领取');
    await t.say('小李', '/领取 华东重工 现场回访 每月2次');
    expect(revisits('2026-12').map((i) => i.period)).toEqual(['2026-12/1', '2026-12/2']);
    const rows = total();
    // 每月3次: 2026-12/1 and /2 are the same keys as before; 2026-11/2 becomes 2026-11/3.
    const [r] = await t.say('小李', '/领取 华东重工 现场回访 每月3次');
    const dec = revisits('2026-12');
    expect(dec.map((i) => i.period)).toEqual(['2026-12/1', '2026-12/2', '2026-12/3']);
    expect(dec.map((i) => [i.window_start, i.window_end])).toEqual([
      ['2026-12-01', '2026-12-10'],
      ['2026-12-11', '2026-12-20'],
      ['2026-12-21', '2026-12-31'],
    ]);
    for (const i of dec) expect(i.due_date >= i.window_start && i.due_date <= i.window_end).toBe(true);
    expect(revisits('2026-11').map((i) => i.period)).toEqual(['2026-11', '2026-11/3']);
    expect(total() - rows).toBe(2);
    expect(r!.text).toContain('新增 2 项待办，原有 2 项按新频次改期，取消原安排 1 项');

    // Back to 每月2次 (still above the pack, so at once): the row of 2026-11/2 cancelled before comes back.
    const [back] = await t.say('小李', '/领取 华东重工 现场回访 每月2次');
    expect(revisits('2026-12').map((i) => i.period)).toEqual(['2026-12/1', '2026-12/2']);
    expect(revisits('2026-11').map((i) => i.period)).toEqual(['2026-11', '2026-11/2']);
    expect(total() - rows).toBe(2);
    expect(back!.text).toContain('新增 1 项待办，原有 2 项按新频次改期，取消原安排 2 项');
  });

  it('bad input says what to type; nothing is written', async () => {
    const t = await setup();
    expect((await t.say('小李', '/领取 华东重工 技术答疑 经常'))[0]!.text).toContain('不是频次');
    expect((await t.say('小李', '/领取 华东重工 高层拜访 每月1次'))[0]!.text).toContain('不在孵化型客户「华东重工」的动作包内');
    expect((await t.say('小李', '/领取 金陵机床 满意度调研 每月1次'))[0]!.text).toContain('是老王的客户');
    expect((await t.say('小李', '/领取 华东重工'))[0]!.text).toContain('用法');
    expect(t.overrides()).toHaveLength(0);
  });
});
