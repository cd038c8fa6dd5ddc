import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
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

  it('both of the last two complete quarters up >15% year on year → growing', () => {
    const orders = [
      order('2025-01-10', 100_000), order('2025-04-10', 100_000),
      order('2026-01-10', 122_000), order('2026-04-10', 118_000),
    ];
    const s = suggestStage(orders, '2026-07-10');
    expect(s.stage).toBe('growing');
    expect(s.evidence).toBe('近两季度同比 +22%、+18% → 成长型');
    expect(s.growth.map((g) => g.quarter)).toEqual(['2026-Q1', '2026-Q2']);
    expect(s.growth.every((g) => g.basis === 'yoy')).toBe(true);
  });

  it('falls back to quarter on quarter when last year has no data', () => {
    const orders = [order('2025-10-10', 100_000), order('2026-01-10', 130_000), order('2026-04-10', 160_000)];
    const s = suggestStage(orders, '2026-07-01');
    expect(s.growth).toEqual([
      { quarter: '2026-Q1', basis: 'qoq', rate: expect.closeTo(0.3, 9) },
      { quarter: '2026-Q2', basis: 'qoq', rate: expect.closeTo(0.2308, 3) },
    ]);
    expect(s.stage).toBe('growing');
    expect(s.evidence).toContain('环比 +30%、+23%');
  });

  it('only the current, incomplete quarter is ignored', () => {
    const orders = [
      order('2025-01-10', 100_000), order('2025-04-10', 100_000),
      order('2026-01-10', 150_000), order('2026-04-10', 150_000), order('2026-07-05', 1),
    ];
    expect(suggestStage(orders, '2026-07-10').stage).toBe('growing');
  });

  it('both quarters down >15% → declining', () => {
    const orders = [
      order('2025-01-10', 100_000), order('2025-04-10', 100_000),
      order('2026-01-10', 80_000), order('2026-04-10', 70_000),
    ];
    const s = suggestStage(orders, '2026-07-10');
    expect(s.stage).toBe('declining');
    expect(s.evidence).toBe('近两季度同比 -20%、-30% → 衰退型');
  });

  it('mixed or small changes → stable', () => {
    const orders = [
      order('2025-01-10', 100_000), order('2025-04-10', 100_000),
      order('2026-01-10', 130_000), order('2026-04-10', 105_000),
    ];
    const s = suggestStage(orders, '2026-07-10');
    expect(s.stage).toBe('stable');
    expect(s.evidence).toBe('近两季度同比 +30%、+5%，未连续超出 ±15% → 稳定型');
  });

  it('exactly at the threshold is not growth (strictly greater)', () => {
    const orders = [
      order('2025-01-10', 100), order('2025-04-10', 100), order('2026-01-10', 115), order('2026-04-10', 115),
    ];
    expect(suggestStage(orders, '2026-07-10').stage).toBe('stable');
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
    const orders = [
      order('2025-01-10', 100), order('2025-04-10', 100), order('2025-07-10', 100),
      order('2026-01-10', 110), order('2026-04-10', 110), order('2026-07-10', 90),
    ];
    expect(suggestStage(orders, '2026-07-10', { threshold: 0.05 }).stage).toBe('growing');
    expect(suggestStage(orders, '2026-10-10', { threshold: 0.05, quarters: 3 }).stage).toBe('stable');
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
      fc.property(ordersArb, dateArb, fc.integer({ min: 1, max: 1000 }), fc.double({ min: 0, max: 1, noNaN: true }), (orders, asOf, k, t) => {
        const scaled = orders.map((o) => ({ ...o, amountFen: o.amountFen * k }));
        const cfg = { threshold: t, quarters: 2 };
        expect(suggestStage(scaled, asOf, cfg).stage).toBe(suggestStage(orders, asOf, cfg).stage);
      }),
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
        fc.integer({ min: 2018, max: 2024 }), fc.integer({ min: 2, max: 6 }),
        fc.integer({ min: 1, max: 1e10 }), fc.integer({ min: 0, max: 90 }), fc.integer({ min: 0, max: 364 }),
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
