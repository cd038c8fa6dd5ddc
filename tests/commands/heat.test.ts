import { describe, expect, it } from 'vitest';
import { dueItems } from '../../src/db/schema.js';
import { regionHeat } from '../../src/method/metrics/region-metrics.js';
import { metricsApp } from '../helpers/metrics-team.js';

async function setup(seed?: Parameters<typeof metricsApp>[0]) {
  const t = await metricsApp(seed);
  return t;
}

describe('/heat (/热力图)', () => {
  it('colours each customer and shows a rep x stage grid with coloured cells', async () => {
    const t = await setup();
    const out = await t.say('张经理', '/热力图');
    const card = out.replies[0]!.reply;
    expect(card.kind).toBe('card');
    expect(card.table.columns).toEqual(['销售', '孵化', '成长', '稳定', '衰退']);
    const li = card.table.rows.findIndex((r: string[]) => r[0] === '小李');
    const wang = card.table.rows.findIndex((r: string[]) => r[0] === '老王');
    // 华东重工: the 11-25 revisit is one day overdue -> yellow; 华东精密机械: exec visit of 11-24 -> yellow.
    expect(card.table.rows[li]).toEqual(['小李', '黄1', '黄1', '—', '—']);
    expect(card.table.colours[li]).toEqual([null, 'yellow', 'yellow', null, null]);
    // 扬州电气 turned declining on 09-01 and nobody has been since: red.
    expect(card.table.rows[wang]).toEqual(['老王', '—', '—', '绿1', '红1']);
    expect(card.table.colours[wang]![4]).toBe('red');
    expect(card.colour).toBe('red');
    expect(out.replies[0]!.text).toContain('绿 1 · 黄 2 · 红 1');
    expect(out.replies[0]!.text).toContain('扬州电气（老王，衰退）：衰退型客户已 86 天无动作包动作');
  });

  it('turns a customer green once its overdue item is done', async () => {
    const t = await setup();
    await t.say('小李', '/记录 现场回访 华东重工');
    const out = await t.say('张经理', '/热力图');
    const li = out.replies[0]!.reply.table.rows.find((r: string[]) => r[0] === '小李');
    expect(li[1]).toBe('绿1');
  });

  it('red for two overdue items or one overdue more than 14 days; older misses drop out after 30 days', async () => {
    const t = await setup((s, team) => {
      const add = (dueDate: string) =>
        s.db
          .insert(dueItems)
          .values({
            memberId: team.wang.id,
            customerId: team.customers.jlj.id,
            actionCode: 'satisfaction_survey',
            period: dueDate,
            windowStart: dueDate,
            windowEnd: dueDate,
            dueDate,
          })
          .run();
      add('2026-11-10');
      add('2026-09-01');
    });
    const heat = regionHeat(t.services, t.team.region.id, t.services.today())!;
    expect(heat.byCustomer.get(t.team.customers.jlj.id)).toMatchObject({ colour: 'red', overdue: 1, maxOverdueDays: 16 });
    expect(heat.counts).toEqual({ green: 0, yellow: 2, red: 2 });
  });

  it('a rep sees only their own customers', async () => {
    const t = await setup();
    const out = await t.say('老王', '/热力图');
    const card = out.replies[0]!.reply;
    expect(card.title).toContain('老王 · 我的客户热力图');
    expect(card.table.rows.map((r: string[]) => r[0])).toEqual(['老王']);
    expect(out.replies[0]!.text).not.toContain('华东重工');
  });
});
