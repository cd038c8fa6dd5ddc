import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stageAgreement } from '../../src/domain/stage-agreement.js';
import { suggestStage } from '../../src/domain/stage-suggest.js';
import { STAGES } from '../../src/domain/stages.js';
import type { OrderRow } from '../../src/domain/types.js';

const order = (date: string, yuan: number): OrderRow => ({ customerId: 1, date, amountFen: yuan * 100 });

describe('suggestStage', () => {
  it('no orders → incubating', () => {
    const s = suggestStage([], '2026-07-10');
    expect(s.stage).toBe('incubating');
    expect(s.evidence).toContain('暂无订单');
  });

  it('a single first purchase (even split into rows on one day) → incubating', () => {
    const s = suggestStage([order('2026-03-05', 50_000), order('2026-03-05', 20_000)], '2026-07-10');
    expect(s.stage).toBe('incubating');
    expect(s.evidence).toBe('仅首单 2026-03-05，尚未复购 → 孵化型');
  });

  // The twelve quarters 2023-Q3..2026-Q2 (the three years before asOf 2026-07-10) with an irregular
  // count of orders a quarter, at 60% and 140% of the year's amount in turn: a lumpy customer.
  const COUNTS = [4, 1, 3, 0, 2, 5, 1, 2, 3, 0, 4, 2];
  const lumpy = (a: number, b: number, c: number) => {
    const out: OrderRow[] = [];
    let n = 0;
    COUNTS.forEach((count, q) => {
      const month = `${2023 + Math.floor((q + 2) / 4)}-${String(((q + 2) % 4) * 3 + 1).padStart(2, '0')}`;
      for (let i = 0; i < count; i++)
        out.push(order(`${month}-${String(3 + i).padStart(2, '0')}`, [a, b, c][Math.floor(q / 4)]! * (n++ % 2 ? 1.4 : 0.6)));
    });
    return out;
  };
  // The same three years with two orders every month, each year's at one amount: a regular customer.
  const regular = (a: number, b: number, c: number) => {
    const out: OrderRow[] = [];
    for (let m = 0; m < 36; m++) {
      const month = new Date(Date.UTC(2023, 6 + m, 1)).toISOString().slice(0, 7);
      for (const d of ['05', '20']) out.push(order(`${month}-${d}`, [a, b, c][Math.floor(m / 12)]!));
    }
    return out;
  };
  const basis = '（依据：连续两季度同比增长 >15%；按四个完整季度合计逐年同比并拟合趋势，平滑单季和单笔波动）';

  it('three years of four complete quarters trending up, clear of +15% by one standard error → growing, naming periods and amounts', () => {
    const s = suggestStage(lumpy(10_000, 20_000, 40_000), '2026-07-10');
    expect(s.stage).toBe('growing');
    expect(s.insufficient).toBeUndefined();
    expect(s.trend?.years.map((y) => [y.from, y.to, y.orders, y.fen])).toEqual([
      ['2023-Q3', '2024-Q2', 8, 8_000_000],
      ['2024-Q3', '2025-Q2', 10, 20_000_000],
      ['2025-Q3', '2026-Q2', 9, 34_400_000],
    ]);
    expect(s.evidence).toBe(
      '2023-Q3~2024-Q2 8 笔 8万；2024-Q3~2025-Q2 10 笔 20万；2025-Q3~2026-Q2 9 笔 34.4万；' +
        `逐年趋势 +89%/年（一个标准误：+41%~+155%，按 27 笔订单估计），高于 +15% → 成长型${basis}`,
    );
  });

  it('a lumpy customer whose single quarters swing is judged on the smoothed trend, not the swings', () => {
    // One quarter +59%, the next -86% year on year (the example), but the years are up.
    const orders = lumpy(10_000, 20_000, 40_000);
    orders.push(order('2026-01-20', 200_000), order('2025-04-20', 150_000));
    expect(suggestStage(orders, '2026-07-10').stage).toBe('growing');
  });

  it('a trend above +15% but by less than one standard error: 证据不足 saying so, the current stage kept', () => {
    const s = suggestStage(lumpy(10_000, 14_000, 19_600), '2026-07-10', {}, 'growing');
    expect(s).toMatchObject({ stage: 'growing', insufficient: true });
    expect(s.evidence).toBe(
      '证据不足：2023-Q3~2024-Q2 8 笔 8万；2024-Q3~2025-Q2 10 笔 14万；2025-Q3~2026-Q2 9 笔 16.9万；' +
        '逐年趋势 +39%/年（一个标准误：+5%~+83%，按 27 笔订单估计），高于 +15%但超出不到一个标准误，需更多订单才能判断 → 维持成长型',
    );
  });

  it('the same growth from a customer that orders like clockwork is judged: the error follows the spread of its orders', () => {
    const s = suggestStage(regular(10_000, 14_000, 19_600), '2026-07-10');
    expect(s.stage).toBe('growing');
    expect(s.evidence).toContain('逐年趋势 +39%/年（一个标准误：+35%~+44%，按 72 笔订单估计），高于 +15% → 成长型');
  });

  it('a new customer (first order within the last four complete quarters) → incubating', () => {
    const orders = [order('2025-10-10', 100_000), order('2026-01-10', 130_000), order('2026-04-10', 160_000)];
    const s = suggestStage(orders, '2026-07-01');
    expect(s.stage).toBe('incubating');
    expect(s.evidence).toBe('首单 2025-10-10，不满四个完整季度（3 笔），尚无同比 → 孵化型');
  });

  it('too few orders to compare: 证据不足 with the numbers, and the current stage kept', () => {
    const orders = [order('2025-01-10', 100_000), order('2025-04-10', 100_000), order('2026-01-10', 180_000), order('2026-04-10', 190_000)];
    const s = suggestStage(orders, '2026-07-10', {}, 'declining');
    expect(s).toMatchObject({ stage: 'declining', insufficient: true });
    expect(s.evidence).toBe(
      '证据不足：2024-Q3~2025-Q2 2 笔 20万（2 个季度）；2025-Q3~2026-Q2 2 笔 37万；共 4 笔，至少 6 笔才比较 → 维持衰退型',
    );
    expect(suggestStage(orders, '2026-07-10').stage).toBe('stable');
  });

  it('only the current, incomplete quarter is ignored', () => {
    const orders = [...lumpy(10_000, 20_000, 40_000), order('2026-07-05', 1)];
    expect(suggestStage(orders, '2026-07-10').stage).toBe('growing');
  });

  it('a trend down, clear of -15% by one standard error → declining', () => {
    const s = suggestStage(lumpy(10_000, 5_000, 2_500), '2026-07-10');
    expect(s.stage).toBe('declining');
    expect(s.evidence).toContain('逐年趋势 -44%/年（一个标准误：-58%~-25%，按 27 笔订单估计），低于 -15% → 衰退型');
    expect(suggestStage(lumpy(10_000, 7_000, 4_900), '2026-07-10')).toMatchObject({ insufficient: true });
  });

  it('a trend inside ±15% → stable; at the threshold is not growth', () => {
    const s = suggestStage(lumpy(10_000, 10_000, 10_000), '2026-07-10');
    expect(s.stage).toBe('stable');
    expect(s.evidence).toContain('逐年趋势 +3%/年（一个标准误：-21%~+35%，按 27 笔订单估计），在 ±15% 之内 → 稳定型');
    expect(suggestStage(regular(10_000, 11_500, 13_225), '2026-07-10').stage).not.toBe('growing');
  });

  it('two full quarters without orders after five earlier ones → declining', () => {
    const orders = ['2025-01-10', '2025-03-10', '2025-05-10', '2025-08-10', '2025-09-20'].map((d) => order(d, 10_000));
    const s = suggestStage(orders, '2026-04-02');
    expect(s.stage).toBe('declining');
    expect(s.evidence).toBe('连续两个完整季度无订单（此前 5 笔） → 衰退型');
  });

  it('an order in the current quarter breaks the silence', () => {
    const orders = ['2025-01-10', '2025-03-10', '2025-05-10', '2026-04-01'].map((d) => order(d, 10_000));
    expect(suggestStage(orders, '2026-04-02').stage).not.toBe('declining');
  });

  it('a fixed yearly Q2 tender is seasonal, not declining', () => {
    const orders = ['2024-05-20', '2025-05-20', '2026-05-20'].map((d) => order(d, 500_000));
    for (const asOf of ['2026-07-01', '2026-10-01', '2027-01-15', '2027-04-10', '2027-06-30']) {
      const s = suggestStage(orders, asOf);
      expect(s.stage, asOf).toBe('stable');
    }
    expect(suggestStage(orders, '2027-01-15').evidence).toContain('季节性');
  });

  it('a tender customer that skips its tender becomes declining', () => {
    const orders = ['2023-05-20', '2024-05-20', '2025-05-20'].map((d) => order(d, 500_000));
    expect(suggestStage(orders, '2026-10-01').stage).toBe('declining');
  });

  it('respects a configured threshold and number of quarters', () => {
    const orders = regular(10_000, 13_000, 16_900);
    expect(suggestStage(orders, '2026-07-10', { threshold: 0.05 }).stage).toBe('growing');
    expect(suggestStage(orders, '2026-07-10', { threshold: 0.35 }).stage).toBe('stable');
    expect(suggestStage(orders, '2026-10-10', { threshold: 0.05, quarters: 3 }).growth).toHaveLength(3);
    // Three quarters of silence are needed for declining when STAGE_QUARTERS is 3.
    const silent = orders.filter((o) => o.date < '2026-01-01');
    expect(suggestStage(silent, '2026-07-10').stage).toBe('declining');
    expect(suggestStage(silent, '2026-07-10', { quarters: 3 }).stage).not.toBe('declining');
  });

  it('ignores orders after asOf', () => {
    expect(suggestStage([order('2026-01-10', 1), order('2026-08-10', 1)], '2026-07-10').stage).toBe('incubating');
  });
});

const dateArb = fc
  .record({ y: fc.integer({ min: 2022, max: 2026 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) })
  .map(({ y, m, d }) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
const ordersArb = fc.array(
  fc.record({ customerId: fc.constant(1), date: dateArb, amountFen: fc.integer({ min: 1, max: 1_000_000_000 }) }),
  { maxLength: 30 },
);

describe('suggestStage properties', () => {
  it('scaling every amount by a positive integer factor keeps the stage', () => {
    fc.assert(
      fc.property(
        ordersArb,
        dateArb,
        fc.integer({ min: 1, max: 1000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (orders, asOf, k, t) => {
          const scaled = orders.map((o) => ({ ...o, amountFen: o.amountFen * k }));
          const cfg = { threshold: t, quarters: 2 };
          expect(suggestStage(scaled, asOf, cfg).stage).toBe(suggestStage(orders, asOf, cfg).stage);
        },
      ),
    );
  });

  it('the suggestion is always one of the four stages, with evidence', () => {
    fc.assert(
      fc.property(ordersArb, dateArb, fc.integer({ min: 1, max: 5 }), (orders, asOf, quarters) => {
        const s = suggestStage(orders, asOf, { quarters });
        expect(STAGES).toContain(s.stage);
        expect(s.evidence.length).toBeGreaterThan(0);
        expect(s.growth).toHaveLength(quarters);
      }),
    );
  });

  it('a fixed Q2 tender each year at constant size is stable (同比 sees no change)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2018, max: 2024 }),
        fc.integer({ min: 2, max: 6 }),
        fc.integer({ min: 1, max: 1e10 }),
        fc.integer({ min: 0, max: 90 }),
        fc.integer({ min: 0, max: 364 }),
        (firstYear, years, amountFen, tenderOffset, asOfOffset) => {
          const tenderDay = (y: number) => new Date(Date.UTC(y, 3, 1 + tenderOffset)).toISOString().slice(0, 10);
          const asOfYear = firstYear + years;
          const asOf = new Date(Date.UTC(asOfYear, 0, 1 + asOfOffset)).toISOString().slice(0, 10);
          const orders: OrderRow[] = [];
          for (let y = firstYear; y <= asOfYear; y++) {
            if (tenderDay(y) <= asOf) orders.push({ customerId: 1, date: tenderDay(y), amountFen });
          }
          const s = suggestStage(orders, asOf);
          expect(s.stage).toBe('stable');
          // Whenever last year's same quarter had the tender, growth is measured 同比 at 0%.
          for (const g of s.growth) if (g.quarter.endsWith('Q2')) expect(g).toMatchObject({ basis: 'yoy', rate: 0 });
        },
      ),
    );
  });
});

describe('stageAgreement', () => {
  it('counts 证据不足 apart, not as agreement, and splits by confirmed stage', () => {
    const s = (stage: 'growing' | 'stable', insufficient?: boolean) => ({
      stage,
      evidence: '',
      growth: [],
      ...(insufficient ? { insufficient } : {}),
    });
    const a = stageAgreement([
      { confirmed: 'growing', suggestion: s('growing') },
      { confirmed: 'growing', suggestion: s('stable') },
      { confirmed: 'stable', suggestion: s('stable', true) },
    ]);
    expect(a).toMatchObject({ judged: 2, agree: 1, rate: 0.5, insufficient: 1, coverage: 2 / 3 });
    expect(a.byStage.growing).toEqual({ judged: 2, agree: 1 });
    expect(a.byStage.stable).toEqual({ judged: 0, agree: 0 });
  });
});
