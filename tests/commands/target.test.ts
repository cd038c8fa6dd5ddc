import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.js';
import type { TargetSplit } from '../../src/domain/target-split.js';
import { chatApp } from '../helpers/method-chat.js';

// Golden tests from the article: 华东区, 4.2亿, 12 reps, through the commands on the demo seed
// (fixed clock 2026-11-26, so the demo is the same every run).

const YI = 100_000_000 * 100; // 1亿 in 分

async function demo() {
  const t = await chatApp(seedDemo);
  const latest = (): { target_fen: number; split: TargetSplit } | null => {
    const [v] = t.sql('SELECT * FROM target_versions ORDER BY version DESC LIMIT 1');
    return v ? { target_fen: v.target_fen as number, split: JSON.parse(v.split_json) as TargetSplit } : null;
  };
  const rep = (split: TargetSplit, name: string) => split.reps.find((r) => r.name === name)!;
  const customerNames = (owner: string) =>
    t.sql('SELECT c.id, c.name, c.stage FROM customers c JOIN members m ON m.id = c.owner_id WHERE m.name = ?', owner);
  return { ...t, latest, rep, customerNames };
}

describe('golden: 华东区 4.2亿 over 12 reps', () => {
  it('splits by stage pools, keeps a 10% reserve and adds up to 4.2亿 to the 分', async () => {
    const t = await demo();
    const [r] = await t.say('张经理', '/目标 4.2亿');
    expect(r!.text).toContain('华东区 2026 目标拆分 v1（草稿）');
    const { split } = t.latest()!;
    expect(split.targetFen).toBe(4.2 * YI);
    expect(split.reps).toHaveLength(12);
    expect(split.reservePct).toBe(10);
    expect(split.reserveTotalFen).toBe(0.42 * YI);
    expect(split.reps.reduce((a, x) => a + x.targetFen, 0) + split.reserveFen).toBe(4.2 * YI);
    expect(r!.text).toContain('新市场储备：10% · 共 4200万');
  });

  it("小李's three incubating manufacturers draw on the 15% incubating pool, not last year's share", async () => {
    const t = await demo();
    await t.say('张经理', '/目标 4.2亿');
    const { split } = t.latest()!;
    // Issue 14 item 8: besides the three large manufacturers, 小李's book holds three small newly
    // signed accounts (so his week has 4-8 items); all six are incubating.
    const li = t.customerNames('小李');
    expect(li.filter((c) => ['华东重工', '苏南重型装备', '浙江精工制造'].includes(c.name))).toHaveLength(3);
    expect(li.map((c) => c.stage)).toEqual(Array(6).fill('incubating'));
    const shares = split.customers.filter((c) => li.some((x) => x.id === c.customerId));
    // One baseline (issue 14 item 2): each made its first purchase last quarter, so its orders, not
    // the rep's potential, are its basis.
    expect(shares.every((s) => s.stage === 'incubating' && s.basisSource === 'baseline')).toBe(true);
    expect(split.pools.incubating.poolFen).toBe(0.63 * YI);
    const incubatingTotal = split.customers.filter((c) => c.stage === 'incubating').reduce((a, c) => a + c.shareFen, 0);
    expect(incubatingTotal).toBe(0.63 * YI);
    const xiaoli = t.rep(split, '小李');
    expect(xiaoli.customerFen).toBe(shares.reduce((a, s) => a + s.shareFen, 0));
    expect(xiaoli.reason).toContain('6 家孵化客户从 15% 孵化池分配，不按去年业绩');
    expect(xiaoli.oldWayFen).not.toBe(xiaoli.targetFen);
  });

  it("老王's five stable customers draw on the 30% stable pool; the old way is shown beside it", async () => {
    const t = await demo();
    const [r] = await t.say('张经理', '/目标 42000万');
    const { split } = t.latest()!;
    expect(split.targetFen).toBe(4.2 * YI);
    const wang = t.rep(split, '老王');
    // His five Q2-tender customers plus his book of smaller accounts (issue 14 item 8).
    const tenders = t.customerNames('老王').filter((c) => ['金陵机床', '常州传动', '无锡精密', '南通重机', '扬州电气'].includes(c.name));
    expect(tenders.map((c) => c.stage)).toEqual(Array(5).fill('stable'));
    expect(wang.stageCounts).toEqual({ incubating: 3, growing: 5, stable: 9, declining: 1 });
    expect(wang.reason).toContain('9 家稳定客户从 30% 稳定池分配');
    const stableTotal = split.customers.filter((c) => c.stage === 'stable').reduce((a, c) => a + c.shareFen, 0);
    expect(stableTotal).toBe(1.26 * YI);
    expect(wang.diffFen).toBe(wang.targetFen - wang.oldWayFen);
    expect(r!.reply.table.columns).toEqual(['销售', '新目标', '按去年业绩摊派', '差额', '客户构成']); // the reason once, above the table
  });

  it('420000000 parses to the same target; weights summing to 110% are refused with the sum', async () => {
    const t = await demo();
    await t.say('张经理', '/target 420000000');
    expect(t.latest()!.target_fen).toBe(4.2 * YI);
    const [r] = await t.say('张经理', '/权重 成长50 孵化15 稳定40 衰退5');
    expect(r!.text).toContain('权重合计 110%');
    expect(t.sql('SELECT weights_json FROM regions')[0].weights_json).toBe(
      JSON.stringify({ growing: 40, incubating: 15, stable: 30, declining: 5 }),
    );
    expect(t.sql('SELECT count(*) n FROM target_versions')[0].n).toBe(1);
  });

  it('a stage with no baseline splits its pool evenly', async () => {
    const t = await demo();
    t.sql("UPDATE customers SET baseline_fen = 0 WHERE stage = 'declining' RETURNING id");
    await t.say('张经理', '/目标 4.2亿');
    const declining = t.latest()!.split.customers.filter((c) => c.stage === 'declining');
    expect(declining.length).toBeGreaterThan(1);
    expect(declining.every((c) => c.basisSource === 'even')).toBe(true);
    const amounts = declining.map((c) => c.shareFen);
    expect(Math.max(...amounts) - Math.min(...amounts)).toBeLessThanOrEqual(1);
    expect(amounts.reduce((a, b) => a + b, 0)).toBe(0.21 * YI);
  });
});

describe('/target adjust, publish and views', () => {
  it('adjusting a rep moves the difference to or from the reserve; the total never changes', async () => {
    const t = await demo();
    await t.say('张经理', '/目标 4.2亿');
    const before = t.latest()!.split;
    const [r] = await t.say('张经理', '/目标 调整 小李 3200万');
    expect(r!.text).toContain('v2（草稿）');
    const after = t.latest()!.split;
    const delta = 3200 * 10_000 * 100 - t.rep(before, '小李').targetFen;
    expect(t.rep(after, '小李').targetFen).toBe(3200 * 10_000 * 100);
    expect(after.reserveFen).toBe(before.reserveFen - delta);
    expect(after.reps.reduce((a, x) => a + x.targetFen, 0) + after.reserveFen).toBe(4.2 * YI);
    const [tooMuch] = await t.say('张经理', '/目标 调整 老王 2亿');
    expect(tooMuch!.text).toContain('新市场储备只剩');
    expect(t.sql('SELECT count(*) n FROM target_versions')[0].n).toBe(2);
  });

  it('publish: reps see their own number and customers, and get a DM', async () => {
    const t = await demo();
    expect((await t.say('小李', '/目标'))[0]!.text).toContain('主管还没有发布');
    await t.say('张经理', '/目标 4.2亿');
    expect((await t.say('小李', '/目标'))[0]!.text).toContain('主管还没有发布');
    const [p] = await t.say('张经理', '/目标 发布');
    expect(p!.text).toContain('v1（已发布）');
    expect((await t.say('张经理', '/目标 发布'))[0]!.text).toContain('已经发布过');
    const [mine] = await t.say('小李', '/目标');
    expect(mine!.text).toContain('我的目标 · 2026 v1（已发布）');
    for (const name of ['华东重工', '苏南重型装备', '浙江精工制造']) expect(mine!.text).toContain(name);
    expect(mine!.text).not.toContain('金陵机床');
    expect(t.dms('小李').at(-1).text).toContain('目标已发布');
    const [cur] = await t.say('张经理', '/目标');
    expect(cur!.reply.title).toContain('v1（已发布）');
  });

  it('bad input: an amount that does not parse, a rep not in the region, a rep setting the target', async () => {
    const t = await demo();
    expect((await t.say('张经理', '/目标 很多钱'))[0]!.text).toContain('不是金额。请写 4.2亿、42000万 或 420000000');
    await t.say('张经理', '/目标 4.2亿');
    expect((await t.say('张经理', '/目标 调整 小王八 100万'))[0]!.text).toContain('不是华东区的销售');
    expect((await t.say('张经理', '/目标 调整 小李 很多'))[0]!.text).toContain('不是金额');
    expect((await t.say('张经理', '/目标 4.2亿 明年'))[0]!.text).toContain('不是期间');
    expect((await t.say('小李', '/目标 5亿'))[0]!.text).toContain('由主管操作');
    expect(t.sql('SELECT count(*) n FROM target_versions')[0].n).toBe(1);
  });

  it('/weights shows the reserve and re-splits a saved target as a new draft', async () => {
    const t = await demo();
    await t.say('张经理', '/目标 4.2亿');
    const [r] = await t.say('张经理', '/权重 成长45');
    expect(r!.text).toContain('新市场储备：5%');
    expect(r!.text).toContain('生成草稿 v2');
    expect(t.latest()!.split.weightsPct.growing).toBe(45);
    expect((await t.say('小李', '/权重 成长60'))[0]!.text).toContain('由本区主管设置');
    expect((await t.say('张经理', '/权重 跳舞50'))[0]!.text).toContain('没有看懂');
  });
});
