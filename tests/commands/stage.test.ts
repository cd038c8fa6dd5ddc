import { describe, expect, it } from 'vitest';
import { orders } from '../../src/db/schema.js';
import type { Services } from '../../src/services.js';
import { chatApp } from '../helpers/method-chat.js';
import { seedSmallTeam } from '../helpers/team.js';

async function setup(env: Record<string, string> = {}) {
  const t = await chatApp(seedSmallTeam, env);
  const customer = (name: string) => t.sql('SELECT * FROM customers WHERE name = ?', name)[0];
  const reviews = () => t.sql('SELECT * FROM stage_reviews ORDER BY id');
  return { ...t, customer, reviews };
}

describe('/stage: the rep proposes, the manager reviews', () => {
  it('a pick that differs from the suggestion needs a reason; nothing is written without one', async () => {
    const t = await setup();
    const [r] = await t.say('小李', '/阶段 华东重工 成长');
    expect(r!.text).toContain('请写明理由');
    expect(t.reviews()).toHaveLength(0);
    expect(t.dms('张经理')).toHaveLength(0);
  });

  it('sends the manager a card with the pick, the suggestion, its evidence and buttons', async () => {
    const t = await setup();
    const [r] = await t.say('小李', '/阶段 华东重工 成长型 已两次复购');
    expect(r!.text).toContain('已提交复核');
    expect(r!.text).toContain('已私信张经理');
    const [review] = t.reviews();
    expect(review).toMatchObject({ status: 'pending', rep_pick: 'growing', suggested: 'incubating', reason: '已两次复购' });
    expect(review.evidence).toContain('暂无订单记录');
    const [cardMsg] = t.dms('张经理');
    expect(cardMsg.title).toBe('阶段复核：华东重工');
    expect(JSON.stringify(cardMsg.fields)).toContain('暂无订单记录');
    expect(cardMsg.buttons[0]).toMatchObject({ action: 'stage.approve', value: { reviewId: String(review.id), stage: 'growing' } });
    expect(cardMsg.buttons.filter((b: any) => b.action === 'stage.choose')).toHaveLength(3);
    expect(t.customer('华东重工').stage).toBe('incubating');
  });

  it('approve makes it effective, records who/when/from/to/why and replaces the pack', async () => {
    const t = await setup();
    await t.say('小李', '/阶段 华东重工 growing 已两次复购');
    const approve = t.dms('张经理')[0].buttons[0];
    expect((await t.click('小李', approve))[0]!.text).toContain('只有本区主管');
    const [r] = await t.click('张经理', approve);
    expect(r!.text).toContain('已确认');
    expect(t.customer('华东重工')).toMatchObject({ stage: 'growing', stage_since: '2026-11-26' });
    const [change] = t.sql('SELECT * FROM stage_changes WHERE customer_id = ?', t.seeded.customers.hdzg.id);
    expect(change).toMatchObject({ from_stage: 'incubating', to_stage: 'growing', by_member_id: t.seeded.manager.id });
    expect(change.reason).toContain('已两次复购');
    expect(change.at).toBe(Date.parse('2026-11-26T02:00:00.000Z'));
    const items = t.sql('SELECT action_code, status FROM due_items WHERE customer_id = ?', t.seeded.customers.hdzg.id);
    expect(items.filter((i) => i.action_code === 'tech_qa')[0].status).toBe('cancelled');
    expect(items.some((i) => i.action_code === 'exec_visit' && i.status === 'open')).toBe(true);
    expect(t.dms('小李').at(-1).text).toContain('已确认「华东重工」为成长型');
    expect((await t.click('张经理', approve))[0]!.text).toContain('已经处理过');
  });

  it('the manager may choose another stage from the card, with a reason; the consensus rate counts it', async () => {
    const t = await setup();
    await t.say('小李', '/阶段 华东重工 成长 已两次复购');
    const choose = t.dms('张经理')[0].buttons.find((b: any) => b.value.stage === 'stable');
    // A decision different from the rep's pick needs a reason (issue 14 item 6): the click asks for it.
    const asked = (await t.click('张经理', choose))[0]!.text;
    expect(asked).toContain('需要写明理由，暂未改判');
    expect(asked).toContain('/阶段 华东重工 稳定 <理由>');
    expect(t.reviews()[0]).toMatchObject({ status: 'pending' });
    expect((await t.say('张经理', '/阶段 华东重工 稳定 新产线推迟，采购维持现状'))[0]!.text).toContain('阶段已调整');
    expect(t.reviews()[0]).toMatchObject({ status: 'overridden', final_stage: 'stable' });
    expect(t.dms('小李').at(-1).text).toContain('新产线推迟，采购维持现状');
    await t.say('老王', '/阶段 金陵机床 衰退 连续两季没下单');
    await t.click('张经理', t.dms('张经理').at(-1).buttons[0]);
    const [summary] = await t.say('张经理', '/复核');
    expect(summary!.text).toContain('共识率：50%（1/2');
  });

  it("a manager's /stage with a reason overrides at once and resolves a pending proposal", async () => {
    const t = await setup();
    await t.say('小李', '/阶段 华东重工 成长 已两次复购');
    expect((await t.say('张经理', '/阶段 华东重工 衰退'))[0]!.text).toContain('请写明理由');
    const [r] = await t.say('张经理', '/阶段 华东重工 衰退 交付事故后停止采购');
    expect(r!.text).toContain('阶段已调整');
    expect(t.customer('华东重工').stage).toBe('declining');
    expect(t.reviews()[0]).toMatchObject({ status: 'overridden', final_stage: 'declining' });
    // The declining pack counts from the change date: the churn interview is due within 14 days.
    const [churn] = t.sql("SELECT * FROM due_items WHERE customer_id = ? AND action_code = 'churn_interview'", t.seeded.customers.hdzg.id);
    expect(churn).toMatchObject({ period: 'entry:2026-11-26', window_start: '2026-11-26', window_end: '2026-12-10', status: 'open' });
    expect(t.services.calendar.isWorkingDay(churn.due_date)).toBe(true);
  });

  it('re-entering a stage on the same day skips the clashing keys instead of crashing', async () => {
    const t = await setup();
    await t.say('张经理', '/阶段 华东重工 衰退 停止采购');
    await t.say('张经理', '/阶段 华东重工 稳定 误判');
    const [r] = await t.say('张经理', '/阶段 华东重工 衰退 还是停止采购');
    expect(r!.text).toContain('跳过');
    const churn = t.sql(
      "SELECT status FROM due_items WHERE customer_id = ? AND action_code = 'churn_interview'",
      t.seeded.customers.hdzg.id,
    );
    expect(churn).toHaveLength(1);
    expect(t.customer('华东重工').stage).toBe('declining');
  });
});

describe('/stage: bad input says what to type', () => {
  it("an unknown stage, an unknown customer, another rep's customer", async () => {
    const t = await setup();
    expect((await t.say('小李', '/阶段 华东重工 很好'))[0]!.text).toContain('请写 孵化、成长、稳定 或 衰退');
    expect((await t.say('小李', '/阶段 北京地铁 成长'))[0]!.text).toContain('没有找到客户「北京地铁」');
    expect((await t.say('小李', '/阶段 金陵机床 衰退 没下单'))[0]!.text).toContain('是老王的客户');
    expect((await t.say('小李', '/阶段'))[0]!.text).toContain('用法');
    expect(t.reviews()).toHaveLength(0);
  });

  it("/阶段 alone lists the member's own customers with their stage, then says how to change one (issue 15)", async () => {
    const t = await setup();
    const [out] = await t.say('小李', '/阶段');
    expect(out!.reply.kind).toBe('card');
    const rows: string[][] = out!.reply.kind === 'card' ? out!.reply.table!.rows : [];
    expect(rows.map((r) => r[0])).toContain('华东重工');
    expect(rows.map((r) => r[0])).not.toContain('金陵机床');
  });

  it('/stage <customer> shows the stage, the suggestion and its evidence', async () => {
    const t = await setup();
    const [r] = await t.say('小李', '/阶段 华东精密机械');
    expect(r!.text).toContain('当前阶段：成长型');
    expect(r!.text).toContain('系统建议：孵化型');
    expect(r!.text).toContain('依据：暂无订单记录');
  });
});

function growingOrders(s: Services, customerId: number) {
  // Two orders a month for the three years 2023-Q4~2026-Q3, each year's orders 40% above the year
  // before: a trend of +39% a year, one standard error from +35% to +44% (orders like clockwork).
  for (let m = 0; m < 36; m++) {
    const month = new Date(Date.UTC(2023, 9 + m, 1)).toISOString().slice(0, 7);
    for (const day of ['05', '20']) {
      const amountFen = [100, 140, 196][Math.floor(m / 12)]! * 1_000_000;
      s.db
        .insert(orders)
        .values({ customerId, kind: 'order', date: `${month}-${day}`, amountFen })
        .run();
    }
  }
}

describe('/review and the configured threshold', () => {
  it('lists pending reviews and customers whose suggestion differs, with the evidence', async () => {
    const t = await setup();
    await t.say('小李', '/阶段 华东重工 成长 已两次复购');
    const replies = await t.say('张经理', '/复核');
    expect(replies[0]!.text).toContain('待复核：1 家');
    expect(replies[0]!.text).toContain('华东精密机械');
    expect(replies[0]!.text).toContain('共识率：暂无已复核的记录');
    expect(replies[1]!.reply.title).toBe('阶段复核：华东重工');
    expect((await t.say('小李', '/复核'))[0]!.text).toContain('只有主管或管理员');
  });

  it('STAGE_GROWTH_THRESHOLD changes the suggestion', async () => {
    const t = await setup();
    growingOrders(t.services, t.seeded.customers.hdjx.id);
    expect((await t.say('小李', '/阶段 华东精密机械'))[0]!.text).toContain(
      '逐年趋势 +39%/年（一个标准误：+35%~+44%，按 72 笔订单估计），高于 +15% → 成长型（依据：连续两季度同比增长 >15%；',
    );
    const strict = await setup({ STAGE_GROWTH_THRESHOLD: '0.5' });
    growingOrders(strict.services, strict.seeded.customers.hdjx.id);
    expect((await strict.say('小李', '/阶段 华东精密机械'))[0]!.text).toContain('在 ±50% 之内 → 稳定型');
  });
});
