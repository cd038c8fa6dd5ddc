import { describe, expect, it } from 'vitest';
import { dueItems, regionTargets } from '../../src/db/schema.js';
import type { Services } from '../../src/services.js';
import { addReview, metricsApp, type seedMetricsTeam } from '../helpers/metrics-team.js';

/** Last week (11-16): 小李 1 of 2, 老王 1 of 1; the week before, 小李 0 of 1 (so 小李 is on warning). */
function lastWeeks(s: Services, team: ReturnType<typeof seedMetricsTeam>) {
  const add = (memberId: number, customerId: number, dueDate: string, status: 'open' | 'done') =>
    s.db
      .insert(dueItems)
      .values({
        memberId,
        customerId,
        actionCode: 'tech_qa',
        period: `T${dueDate}${memberId}${status}`,
        windowStart: dueDate,
        windowEnd: dueDate,
        dueDate,
        status,
      })
      .run();
  add(team.li.id, team.customers.hdzg.id, '2026-11-17', 'done');
  add(team.li.id, team.customers.hdzg.id, '2026-11-18', 'open');
  add(team.li.id, team.customers.hdzg.id, '2026-11-10', 'open');
  add(team.wang.id, team.customers.jlj.id, '2026-11-19', 'done');
  s.db.insert(regionTargets).values({ regionId: team.region.id, period: '2026-Q4', targetFen: 160_000_000 }).run();
}

async function setup(seed = lastWeeks) {
  const t = await metricsApp(seed);
  return t;
}

describe('/team (/团队)', () => {
  it("shows a manager the region's figures, reps in roster order, never ranked", async () => {
    const t = await setup();
    addReview(t.services, t.team.customers.hdzg.id, t.team.li.id, 'incubating', 'incubating');
    addReview(t.services, t.team.customers.jlj.id, t.team.wang.id, 'growing', 'stable');
    const out = await t.say('张经理', '/团队');
    const text = out.replies[0]!.text;
    // Said once: the headline, not again as the first line.
    expect(out.replies[0]!.reply.headline).toMatchObject({ label: '上周团队完成率', value: '67%（2/3）' });
    expect(text).not.toContain('全区上周应完成');
    expect(text).toContain('近 6 周完成率：10-12 — → 10-19 — → 10-26 — → 11-02 — → 11-09 0% → 11-16 67%');
    expect(text).toContain('回款达成率（2026-Q4 至今）：50%（已回款 80万 / 季度目标 160万）');
    expect(text).toContain('新客户复购周期：中位数 61 天（1 家已复购，1 家待复购）');
    expect(text).toContain('阶段共识率：50%（2 次复核中，销售自评与主管结论一致 1 次）');
    expect(text).toContain('阶段变化（近 12 个月）：孵化→成长 1 次，稳定→衰退 1 次');
    const table = out.replies[0]!.reply.table;
    expect(table.rows).toEqual([
      ['小李', '2', '1', '50%', '⚠ 连续两周 <70%'],
      ['老王', '1', '1', '100%', ''],
    ]);
    expect(table.colours[0]).toEqual([null, null, null, 'red', 'red']);
    expect(text).not.toContain('排名（');
  });

  it('says 暂无 when there is nothing to measure', async () => {
    const t = await setup(() => {});
    const text = (await t.say('张经理', '/团队')).replies[0]!.text;
    expect(text).toContain('上周团队完成率：无应完成事项');
    expect(text).toContain('阶段共识率：暂无');
    expect(text).toContain('回款达成率（2026-Q4）：暂无目标；本季度已回款 80万');
  });

  it('ranks, normalised for stage mix, only on request and only in a private chat', async () => {
    const t = await setup();
    const group = await t.say('张经理', '/团队 排名', { chat: 'group' });
    expect(group.replies[0]!.text).toContain('排名不在群里公开显示');
    const dm = await t.say('张经理', '/团队 排名');
    expect(dm.replies[0]!.text).toContain('按客户结构校正的排名');
    expect(dm.replies[0]!.text).toMatch(/1\. 老王 .*期望/);
  });

  it("shows a rep their own figures and the team median, nobody else's", async () => {
    const t = await setup();
    const out = await t.say('小李', '/团队');
    const text = out.replies[0]!.text;
    expect(text).toContain('我上周完成率：50%（1/2）');
    expect(text).not.toContain('我：上周应完成');
    expect(text).toContain('团队中位数：上周完成率 75%');
    expect(text).not.toContain('老王');
    expect(out.replies[0]!.reply.table).toBeUndefined();
  });

  it('tells a rep who asks for 排名 that it is for managers, instead of dropping the word (issue 15)', async () => {
    const t = await setup();
    const text = (await t.say('小李', '/团队 排名')).replies[0]!.text;
    expect(text).toContain('排名只对主管开放');
    expect(text).not.toContain('老王');
    expect((await t.say('小李', '/团队')).replies[0]!.text).not.toContain('排名只对主管开放');
  });

  it('the console reads 「@作战室 /团队」 as a group message would (issue 15)', async () => {
    const t = await setup();
    expect((await t.say('小李', '@作战室 /团队')).replies[0]!.text).toContain('我上周完成率：50%（1/2）');
  });
});

describe('/profile (/画像)', () => {
  it("shows a manager a rep's conversions, retention, rescues and completion by stage", async () => {
    const t = await setup(() => {});
    const out = await t.say('张经理', '/画像 小李');
    const card = out.replies[0]!.reply;
    expect(card.title).toBe('小李 · 能力画像（10-01 至 11-25）');
    const f = Object.fromEntries(card.fields.map((x: any) => [x.label, x.value]));
    expect(f.孵化型转成长型).toBe('1/2（50%）；团队中位数 50%');
    expect(f.稳定型保持住).toContain('暂无（期初没有稳定型客户）');
    expect(f.动作完成率).toBe('0%（0/2）；团队中位数 0%');
    expect(card.table.rows[0]).toEqual(['孵化型', '1', '0', '0%', '0%']);
    expect(card.table.rows[1]).toEqual(['成长型', '1', '0', '0%', '0%']);
  });

  it('refuses a rep who asks for someone else, and shows their own', async () => {
    const t = await setup(() => {});
    const other = await t.say('小李', '/画像 老王');
    expect(other.replies[0]!.text).toContain('你只能查看自己的能力画像');
    const own = await t.say('小李', '/profile');
    expect(own.replies[0]!.reply.title).toContain('小李 · 能力画像');
  });

  it('asks a manager for a name and names the choices', async () => {
    const t = await setup(() => {});
    expect((await t.say('张经理', '/画像')).replies[0]!.text).toContain('可选：小李、老王');
    expect((await t.say('张经理', '/画像 小王')).replies[0]!.text).toContain('本区域没有名叫「小王」的销售');
  });
});
