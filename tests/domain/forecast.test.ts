import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/dates.js';
import {
  ARTICLE_EFFECTS,
  type CustomerForecast,
  DEFAULT_FORECAST,
  type EffectObservation,
  estimateEffectSizes,
  forecastCustomer,
  forecastRegion,
  yearEarlier,
} from '../../src/domain/forecast.js';
import { STAGES } from '../../src/domain/stages.js';
import type { OrderRow } from '../../src/domain/types.js';

const AS_OF = '2026-07-01'; // last-year window 2025-07-01..2025-09-28; trailing 2026-04-02..2026-06-30
const o = (date: string, amountFen: number): OrderRow => ({ customerId: 1, date, amountFen });
const ORDERS = [
  o('2025-07-10', 10_000),
  o('2025-09-29', 5_000),
  o('2026-04-01', 7_000),
  o('2026-05-01', 20_000),
  o('2026-07-01', 99_999), // on asOf: the future, ignored
];

describe('forecastCustomer', () => {
  it('shows its parts in JSON and keeps the factors it was made with', () => {
    const cfg = { ...DEFAULT_FORECAST, stageFactors: { ...DEFAULT_FORECAST.stageFactors } };
    const f = forecastCustomer(
      { customerId: 1, stage: 'growing', orders: ORDERS, asOf: AS_OF, completion: { highQuality: 1, ordinary: null } },
      cfg,
    );
    const parts = f.parts;
    cfg.stageFactors.growing = 9;
    expect(f.parts).toEqual(parts);
    expect(JSON.parse(JSON.stringify(f))).toEqual({ customerId: 1, totalFen: f.totalFen, baseFen: 15_000, expectedFen: 17_250, parts });
    expect(parts.map((p) => p.label)).toContain('高质量动作完成率 100%（基准 58%）');
    expect(() => {
      (DEFAULT_FORECAST.stageFactors as Record<string, number>).growing = 2;
    }).toThrow(TypeError);
  });

  it('blends last year and the trailing window 50/50, times the stage factor', () => {
    const f = forecastCustomer({ customerId: 1, stage: 'growing', orders: ORDERS, asOf: AS_OF });
    expect(f.baseFen).toBe(15_000);
    expect(f.totalFen).toBe(17_250);
    expect(f.expectedFen).toBe(17_250);
    expect(f.parts).toEqual([
      { label: '去年同期回款', fen: 10_000 },
      { label: '近 90 天回款', fen: 20_000 },
      { label: '历史基数（去年同期 50% + 近期 50%）', fen: 15_000 },
      { label: '阶段系数（成长型）', factor: 1.15 },
      { label: '未来 90 天预计回款', fen: 17_250 },
    ]);
  });

  it("uses the trailing window alone when the customer is newer than last year's window", () => {
    const f = forecastCustomer({ customerId: 1, stage: 'stable', orders: [o('2026-03-01', 1), o('2026-06-01', 9_000)], asOf: AS_OF });
    expect(f.totalFen).toBe(9_000);
    expect(f.parts.map((p) => p.label)).not.toContain('去年同期回款');
  });

  it('keeps a real zero last year for an older, seasonal customer', () => {
    const f = forecastCustomer({ customerId: 1, stage: 'stable', orders: [o('2024-07-05', 1), o('2026-06-01', 9_000)], asOf: AS_OF });
    expect(f.parts[0]).toEqual({ label: '去年同期回款', fen: 0 });
    expect(f.totalFen).toBe(4_500);
  });

  it('falls back to the annual estimate, or zero, without history', () => {
    const est = forecastCustomer({ customerId: 1, stage: 'incubating', orders: [], asOf: AS_OF, fallbackAnnualFen: 365_000 });
    expect(est.totalFen).toBe(54_000);
    expect(est.parts[0]!.label).toBe('无历史回款，按基线（无基线时按年度潜力）折算 90 天');
    expect(forecastCustomer({ customerId: 1, stage: 'growing', orders: [], asOf: AS_OF }).totalFen).toBe(0);
  });

  it('adjusts by pack completion relative to the 58% reference, rounding once at the end', () => {
    const f = forecastCustomer({
      customerId: 1,
      stage: 'stable',
      orders: ORDERS,
      asOf: AS_OF,
      completion: { highQuality: 1, ordinary: 0 },
    });
    expect(f.totalFen).toBe(15_647); // 15000 x (1 + 0.2 x 0.42) x (1 - 0.065 x 0.58) = 15646.998
    expect(f.expectedFen).toBe(15_000);
    expect(f.parts).toContainEqual({ label: '高质量动作完成率 100%（基准 58%）', factor: 1.084 });
    expect(f.parts.find((p) => p.label.startsWith('普通动作'))).toMatchObject({ label: '普通动作完成率 0%（基准 58%）' });
  });

  it('leaves the number alone when nothing was due', () => {
    const f = forecastCustomer({
      customerId: 1,
      stage: 'stable',
      orders: ORDERS,
      asOf: AS_OF,
      completion: { highQuality: null, ordinary: null },
    });
    expect(f.totalFen).toBe(15_000);
  });

  it('yearEarlier maps 29 February to 28 February', () => {
    expect(yearEarlier('2028-02-29')).toBe('2027-02-28');
    expect(yearEarlier('2026-07-01')).toBe('2025-07-01');
  });
});

const cf = (customerId: number, totalFen: number, baseFen: number): CustomerForecast => ({
  customerId,
  totalFen,
  baseFen,
  expectedFen: totalFen,
  parts: [],
});

describe('forecastRegion', () => {
  const customers = [cf(1, 50_000, 40_000), cf(2, 30_000, 60_000), cf(3, 20_000, 20_000), cf(4, 0, 5_000)];

  it('sums customers, with a ±20% band until a backtest exists', () => {
    const r = forecastRegion(customers);
    expect(r.totalFen).toBe(100_000);
    expect(r.band).toEqual({ lowFen: 80_000, highFen: 120_000, ratio: 0.2, basis: 'default' });
  });

  it('uses the backtested MAPE for the band when given', () => {
    expect(forecastRegion(customers, { mape: 0.1 }).band).toEqual({ lowFen: 90_000, highFen: 110_000, ratio: 0.1, basis: 'backtest' });
  });

  it('lists the biggest contributors and risks (red first, then the biggest shortfall)', () => {
    const r = forecastRegion(customers, { heat: new Map([[3, 'red']]), topN: 3 });
    expect(r.contributors.map((c) => [c.customerId, c.share])).toEqual([
      [1, 0.5],
      [2, 0.3],
      [3, 0.2],
    ]);
    expect(r.risks.map((x) => x.customerId)).toEqual([3, 2, 4]);
    expect(r.risks[0]!.reason).toBe('热力图红色');
    expect(r.risks[1]!.reason).toBe('预测低于自身历史基数 300元');
  });
});

describe('estimateEffectSizes', () => {
  const obs = (quarters: number, perQuarter: number, hq: number, ord: number): EffectObservation[] =>
    Array.from({ length: quarters * perQuarter }, (_, i) => {
      const h = (i % 5) / 4;
      const r = ((i * 3) % 7) / 6;
      return {
        customerId: i % perQuarter,
        quarter: `2025-Q${(Math.floor(i / perQuarter) % 4) + 1}-${Math.floor(i / perQuarter)}`,
        expectedFen: 100_000,
        actualFen: Math.round(100_000 * (1 + hq * (h - 0.58) + ord * (r - 0.58))),
        rates: { highQuality: h, ordinary: r },
      };
    });

  it("keeps the article's figures until there are 4 quarters and 30 customer-quarters", () => {
    expect(estimateEffectSizes(obs(3, 20, 0.3, 0.1))).toMatchObject({ source: 'article', ...ARTICLE_EFFECTS, n: 60, quarters: 3 });
    expect(estimateEffectSizes(obs(5, 5, 0.3, 0.1))).toMatchObject({ source: 'article', n: 25 });
  });

  it("recovers the team's own effects once there is enough history", () => {
    const e = estimateEffectSizes(obs(5, 10, 0.3, 0.1));
    expect(e.source).toBe('team');
    expect(e.highQuality).toBeCloseTo(0.3, 3);
    expect(e.ordinary).toBeCloseTo(0.1, 3);
    expect(e.n).toBe(50);
  });

  it('falls back to the article when every customer had the same completion', () => {
    const flat = obs(5, 10, 0.3, 0.1).map((x) => ({ ...x, rates: { highQuality: 0.5, ordinary: 0.5 } }));
    expect(estimateEffectSizes(flat).source).toBe('article');
  });
});

describe('forecast properties', () => {
  const arbOrders = fc
    .array(fc.record({ day: fc.integer({ min: -800, max: 30 }), fen: fc.integer({ min: 0, max: 10_000_000 }) }), { maxLength: 20 })
    .map((rows) => rows.map((r) => o(addDays(AS_OF, r.day), r.fen)));
  const rate = fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null });

  it('a total is a whole, non-negative number of 分 and the region total is the exact sum', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(arbOrders, fc.constantFrom(...STAGES), rate, rate), { maxLength: 8 }), (rows) => {
        const fs = rows.map(([orders, stage, h, r], i) =>
          forecastCustomer({ customerId: i, stage, orders, asOf: AS_OF, completion: { highQuality: h, ordinary: r } }),
        );
        for (const f of fs) expect(Number.isSafeInteger(f.totalFen) && f.totalFen >= 0).toBe(true);
        expect(forecastRegion(fs).totalFen).toBe(fs.reduce((s, f) => s + f.totalFen, 0));
      }),
    );
  });

  it('more completion never lowers a forecast', () => {
    fc.assert(
      fc.property(
        arbOrders,
        fc.constantFrom(...STAGES),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (orders, stage, a, b) => {
          const at = (x: number) =>
            forecastCustomer({ customerId: 1, stage, orders, asOf: AS_OF, completion: { highQuality: x, ordinary: x } }).totalFen;
          expect(at(Math.max(a, b))).toBeGreaterThanOrEqual(at(Math.min(a, b)));
        },
      ),
    );
  });

  it('orders on or after asOf never change the forecast', () => {
    fc.assert(
      fc.property(arbOrders, arbOrders, (past, extra) => {
        const future = extra.map((x, i) => ({ ...x, date: addDays(AS_OF, i) }));
        const f = (orders: OrderRow[]) =>
          forecastCustomer({ customerId: 1, stage: 'stable', orders, asOf: AS_OF }, DEFAULT_FORECAST).totalFen;
        expect(f([...past.filter((x) => x.date < AS_OF), ...future])).toBe(f(past.filter((x) => x.date < AS_OF)));
      }),
    );
  });
});
