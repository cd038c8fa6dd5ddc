import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.js';
import { regionForecast } from '../../src/method/metrics/region-metrics.js';
import { metricsApp } from '../helpers/metrics-team.js';
import { buildTestApp } from '../helpers/test-app.js';

async function setup() {
  const t = await metricsApp();
  return t;
}

describe('/forecast (/预测)', () => {
  it('shows the total, the band, which effect sizes are in use, contributors and risks', async () => {
    const t = await setup();
    const out = await t.say('张经理', '/预测');
    const card = out.replies[0]!.reply;
    // 华东重工 has purchase orders, so it is forecast on receivables: nothing owed (its 180万 of
    // collections cover its 110万 of orders), and new orders at its rate so far, 110万 over the 117
    // days since its first order x the default curve's 19.7 days' worth of 90 = 18.5万 x 0.9623 =
    // 17.8万. The others have no orders on file and keep the history forecast: 华东精密机械 200万 x
    // 1.15 x 0.884 + 金陵机床 150万.
    expect(card.headline).toMatchObject({ label: '预计回款', value: '371.1万' });
    expect(card.lines[0]).toMatch(/^\d+ 家客户，自 2026-11-26 起$/); // the total is not said again
    expect(card.lines[1]).toMatch(/^区间 .+ – .+（/);
    expect(card.lines[2]).toContain('效果系数：文章默认值');
    const rows = card.table.rows as string[][];
    expect(rows.filter((r) => r[0] === '贡献').map((r) => r[1])).toEqual(['华东精密机械', '金陵机床', '华东重工']);
    const risks = rows.filter((r) => r[0] === '风险');
    expect(risks[0]).toEqual(['风险', '扬州电气', '老王', '0元', '热力图红色']);
    expect(risks[1]![4]).toContain('预测低于自身历史基数 72.2万');
    expect(card.buttons.every((b: any) => b.action === 'forecast.parts')).toBe(true);
    expect(card.buttons).toHaveLength(4);
  });

  it('opens a number into its parts, factors to 2 decimals and money as 元/万', async () => {
    const t = await setup();
    const out = await t.click('张经理', 'forecast.parts', { customerId: String(t.team.customers.hdzg.id) });
    const card = out.replies[0]!.reply;
    expect(card.title).toBe('华东重工 · 预测明细');
    const f = Object.fromEntries(card.fields.map((x: any) => [x.label, x.value]));
    expect(f['应收余额（已下单未回款）']).toBe('0元');
    expect(f['应收 90 天内预计回款（按默认回款周期（30-120 天））']).toBe('0元');
    expect(f['新订单 90 天内预计回款（去年同期与近一年订单，孵化型）']).toBe('17.8万');
    expect(f['普通动作完成率 0%（基准 58%，作用于新订单）']).toBe('× 0.96');
    expect(f['未来 90 天预计回款 = 应收 + 新订单']).toBe('17.8万');
  });

  it("a rep sees their own customers, and the parts of no one else's", async () => {
    const t = await setup();
    const out = await t.say('小李', '/预测');
    expect(out.replies[0]!.reply.title).toContain('小李 · 我的客户');
    expect(out.replies[0]!.reply.headline.value).toBe('221.1万');
    expect(out.replies[0]!.text).not.toContain('金陵机床');
    const other = await t.click('小李', 'forecast.parts', { customerId: String(t.team.customers.jlj.id) });
    expect(other.replies[0]!.text).toContain('只能查看自己名下');
    const south = await t.click('李经理', 'forecast.parts', { customerId: String(t.team.customers.hdzg.id) });
    expect(south.replies[0]!.text).toContain('只能查看');
  });

  it('on the demo the band comes from the backtest and the region total is the sum of customers', async () => {
    const built = await buildTestApp({
      seed: (s) => {
        seedDemo(s);
      },
    });
    const r = regionForecast(built.services, 1, built.services.today())!;
    expect(r.region.band.basis).toBe('backtest');
    expect(r.backtestQuarters).toBe(7);
    expect(r.region.totalFen).toBe(r.forecasts.reduce((s, f) => s + f.totalFen, 0));
    expect(r.effects.source).toBe('article');
    const res = await built.app.inject({ method: 'POST', url: '/console/messages', payload: { as: '张经理', text: '/预测' } });
    expect(res.json().replies[0].reply.lines[1]).toContain('按 7 个季度回测误差 MAPE');
  });
});
