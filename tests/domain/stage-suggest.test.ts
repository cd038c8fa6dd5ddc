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

  // Two orders a quarter from 2024-07 to 2026-06: the eight quarters before asOf 2026-07-10.
  const steady = (q0: number, q1: number) => {
    const out: OrderRow[] = [];
    for (const [y, ms] of [
      [2024, ['07', '08', '10', '11']],
      [2025, ['01', '02', '04', '05', '07', '08', '10', '11']],
      [2026, ['01', '02', '04', '05']],
    ] as const) {
      for (const m of ms) {
        const date = `${y}-${m}-10`;
        out.push(order(date, date < '2025-07-01' ? q0 : q1));
      }
    }
    return out;
  };

  it('the last two quarters together and the trailing four quarters both up >15% year on year → growing, naming periods and amounts', () => {
    const s = suggestStage(steady(10_000, 12_000), '2026-07-10');
    expect(s.stage).toBe('growing');
    expect(s.insufficient).toBeUndefined();
    expect(s.year).toMatchObject({
      from: '2025-Q3',
      to: '2026-Q2',
      baseFrom: '2024-Q3',
      baseTo: '2025-Q2',
      fen: 9_600_000,
      baseFen: 8_000_000,
    });
    expect(s.evidence).toBe(
      '近两季度（2026-Q1~2026-Q2）4.8万，去年同期 4万，同比 +20%；近四季度（2025-Q3~2026-Q2）8 笔 9.6万，' +
        '前四季度（2024-Q3~2025-Q2）8 笔 8万，同比 +20%（依据：连续两季度增长 >15%，按两季度合计与四季度合计同比，平滑单季波动） → 成长型',
    );
  });

  it('a lumpy customer whose single quarters swing is judged on the smoothed comparison, not the swings', () => {
    // One quarter +59%, the next -86% year on year (the example), but the year is up 24%.
    const orders = steady(10_000, 12_400);
    orders.push(order('2026-01-20', 11_800), order('2025-01-20', 1_000));
    expect(suggestStage(orders, '2026-07-10').stage).toBe('growing');
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
      '证据不足：近四季度（2025-Q3~2026-Q2）2 笔 37万，前四季度（2024-Q3~2025-Q2）2 笔 20万；至少 6 笔且每年 2 笔才比较 → 维持衰退型',
    );
    expect(suggestStage(orders, '2026-07-10').stage).toBe('stable');
  });

  it('only the current, incomplete quarter is ignored', () => {
    const orders = [...steady(10_000, 15_000), order('2026-07-05', 1)];
    expect(suggestStage(orders, '2026-07-10').stage).toBe('growing');
  });

  it('both comparisons down >15% → declining', () => {
    const s = suggestStage(steady(10_000, 7_500), '2026-07-10');
    expect(s.stage).toBe('declining');
    expect(s.evidence).toContain('同比 -25%');
  });

  it('the half-year up but the year not (or the other way round) → stable', () => {
    const orders = steady(10_000, 10_000).map((o) => (o.date >= '2026-01-01' ? { ...o, amountFen: 1_300_000 } : o));
    const s = suggestStage(orders, '2026-07-10');
    expect(s.stage).toBe('stable');
    expect(s.evidence).toContain('未同时超出 ±15% → 稳定型');
  });

  it('exactly at the threshold is not growth (strictly greater)', () => {
    expect(suggestStage(steady(100, 115), '2026-07-10').stage).toBe('stable');
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
    const orders = steady(100, 110);
    expect(suggestStage(orders, '2026-07-10', { threshold: 0.05 }).stage).toBe('growing');
    expect(suggestStage(orders, '2026-07-10', { threshold: 0.15 }).stage).toBe('stable');
    expect(suggestStage(orders, '2026-07-10', { threshold: 0.05, quarters: 3 }).recent).toMatchObject({ from: '2025-Q4', to: '2026-Q2' });
    expect(suggestStage(orders, '2026-10-10', { threshold: 0.05, quarters: 3 }).growth).toHaveLength(3);
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
    expect(a).toMatchObject({ judged: 2, agree: 1, rate: 0.5, insufficient: 1 });
    expect(a.byStage.growing).toEqual({ judged: 2, agree: 1 });
    expect(a.byStage.stable).toEqual({ judged: 0, agree: 0 });
  });
});
