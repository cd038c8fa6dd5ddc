import { describe, expect, it } from 'vitest';
import { forecastCustomer } from '../../src/domain/forecast.js';
import { customerCurve, DEFAULT_LAG, DEFAULT_LATE, lateRate, learnCurve, ledgerOf, poolCurves } from '../../src/domain/forecast-lags.js';
import { newOrderCollections, paidWithin, ReceivablesForecast, receivablesInput } from '../../src/domain/forecast-receivables.js';
import type { OrderRow } from '../../src/domain/types.js';

const row = (date: string, fen: number): OrderRow => ({ customerId: 1, date, amountFen: fen });

describe('receivables ledger', () => {
  it('matches collections to orders oldest first, splits partial payments and keeps what is open with its age', () => {
    const l = ledgerOf(
      [row('2026-01-01', 100), row('2026-02-01', 200)],
      [row('2026-03-02', 150), row('2026-04-01', 50), row('2026-05-01', 999)],
      '2026-04-15',
    );
    expect(l.observations).toEqual([
      { days: 60, fen: 100, collected: true },
      { days: 29, fen: 50, collected: true },
      { days: 59, fen: 50, collected: true },
      { days: 72, fen: 100, collected: false },
    ]);
    expect(l.open).toEqual([{ date: '2026-02-01', fen: 100, ageDays: 73 }]);
    expect(l.paidOrders).toBe(2);
  });

  it('lets a collection of exactly an open order amount pay that order, so one unpaid order does not absorb every later payment', () => {
    // 01-05 is never paid; 02-01 and 03-01 are paid 40 days later, each with exactly its amount.
    const l = ledgerOf(
      [row('2026-01-05', 500), row('2026-02-01', 300), row('2026-03-01', 200)],
      [row('2026-03-13', 300), row('2026-04-10', 200)],
      '2026-05-01',
    );
    expect(l.open).toEqual([{ date: '2026-01-05', fen: 500, ageDays: 116 }]);
    expect(l.observations.filter((o) => o.collected)).toEqual([
      { days: 40, fen: 300, collected: true },
      { days: 40, fen: 200, collected: true },
    ]);
    // An amount no open order has (a part payment) still pays the oldest first, and an order placed after the collection is not matched.
    const part = ledgerOf([row('2026-01-05', 500), row('2026-02-01', 300)], [row('2026-01-20', 300), row('2026-03-01', 100)], '2026-05-01');
    expect(part.open).toEqual([
      { date: '2026-01-05', fen: 100, ageDays: 116 },
      { date: '2026-02-01', fen: 300, ageDays: 89 },
    ]);
  });

  it('matches exact amounts the same way for a customer with many orders (indexed by amount)', () => {
    // 80 weekly orders of distinct amounts; the first is never paid, every other one 40 days later with its exact amount.
    const day = (n: number) => new Date(Date.UTC(2024, 0, 1 + n)).toISOString().slice(0, 10);
    const orders = Array.from({ length: 80 }, (_, i) => row(day(7 * i), 1_000 + i));
    const paid = orders.slice(1).map((o, i) => row(day(7 * (i + 1) + 40), o.amountFen));
    const l = ledgerOf(orders, paid, day(7 * 80 + 60));
    expect(l.open).toEqual([{ date: day(0), fen: 1_000, ageDays: 620 }]);
    expect(l.paidOrders).toBe(79);
    expect(new Set(l.observations.filter((o) => o.collected).map((o) => o.days))).toEqual(new Set([40]));
  });
});

describe('lag curve', () => {
  it('is Kaplan-Meier by amount: a piece still open is censored, not counted as paid', () => {
    const c = learnCurve(
      [
        { days: 30, fen: 100, collected: true },
        { days: 40, fen: 100, collected: false },
        { days: 60, fen: 100, collected: true },
      ],
      'region',
    );
    expect(c.survival(29)).toBe(1);
    expect(c.survival(30)).toBeCloseTo(2 / 3);
    // After the censored piece only one is at risk: it is paid at 60, so the curve ends at 0.
    expect(c.survival(60)).toBe(0);
  });

  it('falls back from the stage pool to the region to the default, and shrinks a customer towards its pool', () => {
    const paid = (days: number) => Array.from({ length: 20 }, () => ({ days, fen: 10, collected: true }));
    const pool = poolCurves(
      new Map([
        ['growing', paid(45)],
        ['stable', paid(90).slice(0, 5)],
      ]),
    );
    expect(pool('growing').source).toBe('stage');
    expect(pool('stable').source).toBe('region');
    expect(poolCurves(new Map([['stable', paid(90).slice(0, 5)]]))('stable')).toBe(DEFAULT_LAG);
    const l = ledgerOf(
      [row('2025-01-01', 10), row('2025-02-01', 10), row('2025-03-01', 10), row('2025-04-01', 10)],
      [row('2025-01-11', 10), row('2025-02-11', 10), row('2025-03-11', 10), row('2025-04-11', 10)],
      '2026-01-01',
    );
    const c = customerCurve(l, DEFAULT_LAG);
    // 4 paid orders at 10 days: half its own curve (0 after day 10), half the default (1 before day 30).
    expect(c.source).toBe('customer');
    expect(c.survival(20)).toBeCloseTo(0.5);
  });

  it('gives the chance that an unpaid piece is paid within the window, given its age', () => {
    // A 1-day-old order is paid within 90 more days when its lag is at most 90: (90 - 30) / 90.
    expect(paidWithin(DEFAULT_LAG, 1, 90)).toBeCloseTo(60 / 90);
    expect(paidWithin(DEFAULT_LAG, 75, 90)).toBe(1);
    expect(paidWithin(DEFAULT_LAG, 200, 90)).toBe(DEFAULT_LATE);
    // Over a shorter window a late piece gets the same rate per day: 1 - 0.75^(45/90).
    expect(paidWithin(DEFAULT_LAG, 200, 45)).toBeCloseTo(1 - Math.sqrt(0.75));
  });

  it("reads a piece 180+ days old with the region's late rate, learned from the pieces that were that old", () => {
    // 40 pieces unpaid at 180 days: 30 paid at 200 (within 90 days of 180), 10 still open at 400.
    const old = [
      ...Array.from({ length: 30 }, () => ({ days: 200, fen: 10, collected: true })),
      ...Array.from({ length: 10 }, () => ({ days: 400, fen: 10, collected: false })),
    ];
    const young = Array.from({ length: 40 }, () => ({ days: 45, fen: 10, collected: true }));
    expect(lateRate([...young, ...old])).toBeCloseTo(0.75);
    // Too few pieces ever reached 180 days: the documented default.
    expect(lateRate([...young, ...old.slice(0, 5)])).toBe(DEFAULT_LATE);
    const pool = poolCurves(new Map([['stable', [...young, ...old]]]));
    expect(pool('stable').late).toBeCloseTo(0.75);
    // A customer's own curve has never seen 250 days (flat after 45): the region's rate, not 0.
    const l = ledgerOf(
      [row('2025-01-01', 10), row('2025-02-01', 10), row('2025-03-01', 10), row('2025-04-01', 10)],
      [row('2025-02-15', 10), row('2025-03-18', 10), row('2025-04-15', 10)],
      '2025-12-01',
    );
    expect(paidWithin(customerCurve(l, pool('stable')), 250, 90)).toBeCloseTo(0.75);
  });
});

describe('forecast on receivables', () => {
  const purchases = [row('2025-01-10', 90_000), row('2025-10-01', 60_000), row('2026-01-05', 90_000)];
  const collections = [row('2025-03-01', 90_000), row('2025-11-15', 60_000)];
  const asOf = '2026-01-20';

  it('adds what is owed and what new orders bring, and names both parts in its breakdown', () => {
    const l = ledgerOf(purchases, collections, asOf);
    const r = receivablesInput(purchases, l.open, asOf, 90, '2025-01-20', DEFAULT_LAG);
    const f = forecastCustomer({ customerId: 1, stage: 'stable', orders: collections, asOf, receivables: r });
    expect(f).toBeInstanceOf(ReceivablesForecast);
    const split = (f as ReceivablesForecast).split;
    // 90,000 open at 15 days old: paid within 90 more days when the lag is at most 104 days, 74/90 on the default curve.
    expect(split.receivablesFen).toBe(74_000);
    expect(split.receivablesFen + split.newOrdersFen).toBe(f.totalFen);
    const labels = f.parts.map((p) => p.label);
    expect(labels.some((x) => x.startsWith('应收 90 天内预计回款'))).toBe(true);
    expect(labels.some((x) => x.startsWith('新订单 90 天内预计回款'))).toBe(true);
    expect(f.parts.find((p) => p.label.startsWith('应收余额'))).toEqual({ label: '应收余额（已下单未回款）', fen: 90_000 });
  });

  it('without receivables input it is the collection-history forecast', () => {
    const f = forecastCustomer({ customerId: 1, stage: 'stable', orders: collections, asOf });
    expect(f).not.toBeInstanceOf(ReceivablesForecast);
    expect(f.parts[0]!.label).toBe('去年同期回款');
  });

  it("takes the customer's trend over whole years only, halved in log terms", () => {
    const asOf = '2026-01-01';
    // One order a month, steady, since 2024-07-01: half of the earlier year covered.
    const steady: OrderRow[] = [];
    for (let m = 0; m < 18; m++)
      steady.push(row(`${2024 + Math.floor((m + 6) / 12)}-${String(((m + 6) % 12) + 1).padStart(2, '0')}-01`, 10_000));
    const r = receivablesInput(steady, [], asOf, 90, '2025-01-01', DEFAULT_LAG);
    expect(r.priorDays).toBe(184);
    // The earlier year's sum is half the trailing one, but it is a part year: the stage's factor, square-rooted.
    expect(newOrderCollections(r, 90, 1.21, 0).trend).toBeCloseTo(1.1, 5);
    // A whole earlier year at half the rate: the square root of 2, not 1.5.
    const whole = { ...r, priorDays: 365, priorYearFen: r.trailingYearFen / 2 };
    expect(newOrderCollections(whole, 90, 1.21, 0).trend).toBeCloseTo(Math.SQRT2, 5);
  });
});
