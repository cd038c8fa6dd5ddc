import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { customers as customersTable, orders as ordersTable } from '../../src/db/schema.js';
import { seedDemo } from '../../src/demo/seed.js';
import { baselineFromOrders, customerBasis } from '../../src/domain/baseline.js';
import type { TargetSplit } from '../../src/domain/target-split.js';
import { exportTables } from '../../src/method/excel/export.js';
import { regionForecast } from '../../src/method/metrics/region-metrics.js';
import { refreshBaselines } from '../../src/method/targets/baseline.js';
import { chatApp } from '../helpers/method-chat.js';

// Issue 14 item 2: one baseline, one truth. After 小李's 华东重工 is promoted 孵化→成长, the split,
// the dashboard's battle map, the exports and the forecast's no-history base read the same number
// for every demo customer, and 华东重工's is its 900万 order, never 0.

let app: FastifyInstance | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

const WAN = 10_000 * 100;

describe('one baseline (issue 14 item 2)', () => {
  it('every view agrees on every demo customer after a promotion', async () => {
    const t = await chatApp(seedDemo, { PUBLIC_BASE_URL: 'https://warroom.example.com/' });
    app = t.app;
    await t.say('小李', '/阶段 华东重工 成长 已复购，订单放量');
    const approve = t.dms('张经理').at(-1).buttons[0];
    expect((await t.click('张经理', approve))[0]!.text).toContain('已确认');
    const customers = t.services.repos.customers.all();
    const hdzg = customers.find((c) => c.name === '华东重工')!;
    expect(hdzg.stage).toBe('growing');
    expect(hdzg.baselineFen).toBe(900 * WAN);

    // The baselines are the domain rule over each customer's orders.
    const orders = t.sql("SELECT customer_id AS c, date, amount_fen AS amountFen FROM orders WHERE kind = 'order'");
    for (const c of customers) {
      expect(c.baselineFen).toBe(
        baselineFromOrders(
          orders.filter((o) => o.c === c.id),
          t.services.today(),
          0,
        ),
      );
    }

    // The split (/目标): every customer's basis is its baseline (else potential).
    const [split] = await t.say('张经理', '/目标 4.2亿');
    expect(split!.text).not.toMatch(/华东重工[^\n]*\| 0元/);
    const saved = JSON.parse(t.sql('SELECT split_json FROM target_versions ORDER BY id DESC LIMIT 1')[0].split_json) as TargetSplit;
    const basis = new Map(saved.customers.map((s) => [s.customerId, s]));
    for (const c of customers) expect(basis.get(c.id)!.basisFen).toBe(customerBasis(c)!.fen);
    expect(basis.get(hdzg.id)).toMatchObject({ basisFen: 900 * WAN, basisSource: 'baseline', stage: 'growing' });
    expect(basis.get(hdzg.id)!.shareFen).toBeGreaterThan(0);

    // The dashboard's battle map, rep by rep.
    const reply = await t.say('张经理', '/看板');
    const token = /\?t=([\w.-]+)/.exec(reply[0]!.text)![1]!;
    const onMap = new Map<number, number>();
    for (const rep of t.services.repos.members.all().filter((m) => m.role === 'rep')) {
      const res = await t.app.inject({ url: `/warroom/api/map.json?rep=${rep.id}&t=${token}` });
      for (const s of res.json().stages) for (const c of s.customers) onMap.set(c.id, c.baselineFen);
    }
    for (const c of customers) expect(onMap.get(c.id)).toBe(c.baselineFen);

    // The exports: the data sheet and the battle-map sheet.
    // 'yuan' columns hold 分; the workbook writes them as 元 (src/method/excel/workbook.ts).
    const [, customerSheet] = exportTables(t.services, 'data');
    const [mapSheet] = exportTables(t.services, 'maps');
    for (const c of customers) {
      expect(customerSheet!.rows.find((r) => r[0] === c.name)![4]).toBe(c.baselineFen);
      expect(mapSheet!.rows.find((r) => r[1] === c.name)![3]).toBe(c.baselineFen);
    }

    // The forecast: a customer with no collections yet is based on the same number. Every demo
    // customer has collected, so two are added: one signed last quarter and not yet paid, one new.
    const owner = customers[0]!.ownerId;
    const add = (name: string, stage: 'growing' | 'incubating', potentialFen: number | null) =>
      t.services.db
        .insert(customersTable)
        .values({ name, ownerId: owner, regionId: 1, stage, stageSince: '2026-08-01', potentialFen })
        .returning()
        .get().id;
    const unpaid = add('测试未回款客户', 'growing', null);
    add('测试新签客户', 'incubating', 300 * WAN);
    t.services.db
      .insert(ordersTable)
      .values({ customerId: unpaid, kind: 'order', date: '2026-09-20', amountFen: 120 * WAN })
      .run();
    refreshBaselines(t.services, [unpaid]);
    expect(t.services.repos.customers.byId(unpaid)!.baselineFen).toBe(120 * WAN);
    const after = t.services.repos.customers.all();
    const f = regionForecast(t.services, 1, t.services.today())!;
    // The signed-but-unpaid customer is forecast on its receivable (issue 17): the open order, not a baseline.
    const unpaidForecast = f.forecasts.find((x) => x.customerId === unpaid)!;
    expect(unpaidForecast.parts).toContainEqual({ label: '应收余额（已下单未回款）', fen: 120 * WAN });
    const noHistory = f.forecasts.filter((x) => x.parts.some((p) => 'fen' in p && p.label.startsWith('无历史回款，按基线')));
    expect(noHistory).toHaveLength(1);
    for (const x of noHistory) {
      const c = after.find((y) => y.id === x.customerId)!;
      expect(x.baseFen).toBe(Math.round((customerBasis(c)!.fen * 90) / 365));
    }
  });
});
