import { describe, expect, it } from 'vitest';
import { type BacktestInput, backtest, DEFAULT_BACKTEST } from '../../src/domain/backtest.js';
import { errorsBefore } from '../../src/domain/backtest-warning.js';
import { addDays, daysBetween } from '../../src/domain/dates.js';
import type { ActionLog, CustomerFacts, DueItem, OrderRow } from '../../src/domain/types.js';
import { DEFAULT_QUARTER_RISK, type QuarterRiskConfig, quarterRisk } from '../../src/domain/warnings.js';

const daily = (customerId: number, from: string, to: string, fen: number): OrderRow[] =>
  Array.from({ length: daysBetween(from, to) + 1 }, (_, i) => ({ customerId, date: addDays(from, i), amountFen: fen }));
const customer = (id: number, ownerId: number): CustomerFacts => ({
  id,
  name: `客户${id}`,
  ownerId,
  stage: 'stable',
  stageSince: '2023-01-01',
  baselineFen: 0,
  potentialFen: null,
});
const item = (id: number, memberId: number, customerId: number, dueDate: string): DueItem => ({
  id,
  memberId,
  customerId,
  actionCode: 'tech_qa',
  period: dueDate.slice(0, 7),
  windowStart: `${dueDate.slice(0, 7)}-01`,
  windowEnd: dueDate,
  dueDate,
  status: 'open',
  completedByLogId: null,
});
const log = (id: number, customerId: number, occurredOn: string, status: ActionLog['status'] = 'valid'): ActionLog => ({
  id,
  memberId: 0,
  customerId,
  actionCode: 'tech_qa',
  occurredOn,
  status,
});

// Rep 1 owns customer 1 (100 分 a day, steady). Rep 2 owns customer 2 (200 分 a day, stops after
// Q1) and customer 3 (never buys, and has no stage history).
const base = (): BacktestInput => ({
  orders: [...daily(1, '2024-01-01', '2026-06-30', 100), ...daily(2, '2024-01-01', '2026-03-31', 200)],
  customers: [customer(1, 1), customer(2, 2), customer(3, 2)],
  stageHistory: [
    { customerId: 1, from: null, to: 'stable', at: '2023-01-01' },
    { customerId: 2, from: null, to: 'stable', at: '2023-01-01' },
  ],
  // Rep 1 did their January item. Rep 2's April item had a rejected log, and a valid one only after week 4.
  items: [
    { ...item(1, 1, 1, '2026-01-10'), status: 'done', completedByLogId: 1 },
    { ...item(2, 2, 2, '2026-04-10'), status: 'done', completedByLogId: 3 },
  ],
  logs: [log(1, 1, '2026-01-08'), log(2, 2, '2026-04-05', 'rejected'), log(3, 2, '2026-05-15')],
  targetsByRepQuarter: { '2026-Q1': { 1: 9_000, 2: 20_000 }, '2026-Q2': { 1: 9_100, 2: 20_000 } },
  quarters: ['2026-Q2', '2026-Q1'],
  // The rules without the forecast rule's margin on the target; 'quarterRisk' below covers it.
  cfg: { ...DEFAULT_BACKTEST, quarterRisk: { ...DEFAULT_QUARTER_RISK, errorWeight: 0, defaultMargin: 0 } },
});

describe('backtest', () => {
  const r = backtest(base());

  it('forecasts each quarter from data before it and compares with actual collections', () => {
    expect(r.quarters.map((q) => q.quarter)).toEqual(['2026-Q1', '2026-Q2']);
    expect(r.quarters[0]).toMatchObject({ forecastFen: 27_000, actualFen: 27_000, ape: 0 });
    // Q2: customer 1 gets the completion uplift of its done January item: 9100 x 1.084 = 9864.
    expect(r.quarters[1]).toMatchObject({ forecastFen: 9_864 + 18_200, actualFen: 9_100 });
    expect(r.quarters[1]!.ape).toBeCloseTo((28_064 - 9_100) / 9_100);
    expect(r.mape).toBeCloseTo((28_064 - 9_100) / 9_100 / 2);
    expect(r.skippedZeroActuals).toBe(0);
    expect(r.quarters.every((q) => q.effects.source === 'article')).toBe(true);
  });

  it('per rep, skips quarters with nothing collected and says how many', () => {
    expect(r.byRep).toMatchObject([
      { repId: 1, mape: expect.closeTo((9_864 - 9_100) / 9_100 / 2, 9), n: 2, skippedZeroActuals: 0 },
      { repId: 2, mape: 0, n: 1, skippedZeroActuals: 1 },
    ]);
  });

  it('counts customers whose stage had to come from the current record', () => {
    expect(r.stageFallbacks).toBe(1);
  });

  it('scores the week-4 warning per rule without looking past week 4', () => {
    const row = (q: string, rep: number) => r.earlyWarning.rows.find((x) => x.quarter === q && x.repId === rep)!;
    expect(row('2026-Q1', 2)).toMatchObject({ actualMiss: true, predicted: { completion: false, forecast: true, either: true } });
    // The valid log of 15 May comes after week 4 and the earlier one was rejected: 0% at week 4.
    expect(row('2026-Q2', 2)).toMatchObject({ completionRate: 0, actualMiss: true, predicted: { completion: true, either: true } });
    expect(row('2026-Q1', 1)).toMatchObject({ completionRate: 1, actualMiss: false, predicted: { either: false } });
    expect(r.earlyWarning.rules.either).toEqual({ tp: 2, fp: 0, fn: 0, tn: 2, precision: 1, recall: 1 });
    expect(r.earlyWarning.rules.completion).toMatchObject({ tp: 1, fn: 1, precision: 1, recall: 0.5 });
  });

  it('orders inside a quarter never change its own forecast', () => {
    const input = base();
    input.orders.push({ customerId: 1, date: '2026-02-01', amountFen: 50_000_000 });
    expect(backtest(input).quarters[0]!.forecastFen).toBe(27_000);
  });

  it('precision and recall are null when there is nothing to measure', () => {
    const input = { ...base(), targetsByRepQuarter: {} };
    expect(backtest(input).earlyWarning.rules.either).toEqual({ tp: 0, fp: 0, fn: 0, tn: 0, precision: null, recall: null });
  });

  it('scores the two naive forecasts on the same quarters, for the region and per rep', () => {
    // Q1 2026: last year's Q1 collected 27,000 and Q4 2025 27,600; Q2: 27,300 and 27,000.
    expect(r.quarters[0]!.naive).toEqual({ lastYear: 9_000 + 18_000, lastQuarter: 9_200 + 18_400 });
    expect(r.quarters[1]!.naive).toEqual({ lastYear: 9_100 + 18_200, lastQuarter: 27_000 });
    const naiveApe = (f: number, a: number) => Math.abs(f - a) / a;
    expect(r.vsBaselines.n).toBe(2);
    expect(r.vsBaselines.baselines.lastQuarter).toBeCloseTo((naiveApe(27_600, 27_000) + naiveApe(27_000, 9_100)) / 2);
    expect(r.vsBaselines.ratio).toBeCloseTo(
      r.vsBaselines.mape! / Math.min(r.vsBaselines.baselines.lastYear!, r.vsBaselines.baselines.lastQuarter!),
    );
    // Rep 2 collected nothing in Q2: only Q1 is scored, where last year's Q1 was 18,000.
    expect(r.byRep[1]!.vsBaselines).toMatchObject({
      n: 1,
      mape: 0,
      baselines: { lastYear: 0, lastQuarter: expect.closeTo(400 / 18_000, 9) },
    });
  });

  it('replays the warning at week 2, 4 and 6; week 4 is earlyWarning', () => {
    expect(r.warnings.map((w) => w.weeks)).toEqual([2, 4, 6]);
    expect(r.warnings[1]!.rules).toEqual(r.earlyWarning.rules);
    // Week 1 of Q2 is 30 Mar - 5 Apr, so the week-6 cutoff is Monday 11 May: the log of 15 May is after it.
    expect(r.warnings[2]!.rows.find((x) => x.quarter === '2026-Q2' && x.repId === 2)!.completionRate).toBe(0);
    expect(r.warnings[0]!.targets).toEqual({ published: 0, derived: 4 });
  });

  it('leaves rep-quarters without a positive target out of the warning, and counts them', () => {
    const input = { ...base(), targetsByRepQuarter: { '2026-Q1': { 1: 9_000, 2: 0 } }, targetSources: { '2026-Q1': 'published' as const } };
    const w = backtest(input).warnings[1]!;
    expect(w.rows.map((x) => [x.quarter, x.repId])).toEqual([['2026-Q1', 1]]);
    expect(w.noTarget).toBe(3);
    expect(w.targets).toEqual({ published: 1, derived: 0 });
  });

  it('scores the forecast rule with quarterRisk (the live warning rule): the target raised by the margin', () => {
    // Rep 1's Q1 projection is 9,546 (its target 9,000 plus the completion uplift of its done item).
    const at = (risk: Partial<QuarterRiskConfig>) =>
      backtest({ ...base(), cfg: { ...DEFAULT_BACKTEST, quarterRisk: { ...DEFAULT_QUARTER_RISK, ...risk } } }).earlyWarning.rows.find(
        (x) => x.quarter === '2026-Q1' && x.repId === 1,
      )!;
    const row = at({});
    expect(row.collectedFen + row.receivablesFen + row.newOrdersFen).toBe(row.projectedFen);
    expect(row.projectedFen).toBe(9_546);
    // Q1 is the first replayed quarter: no error known before it, so the default margin applies:
    // +5% = 9,450 is clear; +10% = 9,900 is not.
    expect(row.regionError).toBeNull();
    expect(row.predicted.forecast).toBe(quarterRisk(row).atRisk);
    expect(row.predicted.forecast).toBe(false);
    expect(at({ defaultMargin: 0.1 }).predicted.forecast).toBe(true);
    expect(DEFAULT_BACKTEST.quarterRisk).toEqual({ threshold: 0.7, shortfallWeight: 0.5, errorWeight: 0.65, defaultMargin: 0.05 });
  });

  it("gives each quarter's rows the region's error over the quarters before it", () => {
    const q2 = r.earlyWarning.rows.filter((x) => x.quarter === '2026-Q2');
    expect(q2.map((x) => x.regionError)).toEqual([0, 0]);
    const quarters = [
      { quarter: '2025-Q1', ape: 0.2 },
      { quarter: '2025-Q2', ape: null },
      { quarter: '2025-Q3', ape: 0.1 },
      { quarter: '2025-Q4', ape: 0.3 },
    ];
    expect([...errorsBefore(quarters).values()]).toEqual([null, 0.2, 0.2, expect.closeTo(0.15, 9)]);
  });
});

describe('quarterRisk', () => {
  const p = { targetFen: 1_000, collectedFen: 400, receivablesFen: 500, newOrdersFen: 200, completionRate: 0.9, regionError: null };

  it("warns when collected + the rest is below the target raised by errorWeight x the region's error", () => {
    // No error known: +5%, line 1,050; 400 + 700 = 1,100 is clear. Error 10%: +6.5%, 1,065, clear; 20%: +13%, 1,130.
    expect(quarterRisk(p)).toEqual({ adjustedFen: 1_100, margin: 0.05, lineFen: 1_050, atRisk: false });
    expect(quarterRisk({ ...p, regionError: 0.1 })).toMatchObject({ lineFen: 1_065, atRisk: false });
    expect(quarterRisk({ ...p, regionError: 0.2 })).toMatchObject({ margin: expect.closeTo(0.13, 9), lineFen: 1_130, atRisk: true });
  });

  it('lowers the rest by half the completion shortfall below 70%', () => {
    // At 50%: the rest x (1 - 0.5 x 0.2) = 700 x 0.9 = 630 → 1,030 in all, under the 1,050 line.
    expect(quarterRisk({ ...p, completionRate: 0.5 })).toMatchObject({ adjustedFen: 1_030, atRisk: true });
    expect(quarterRisk({ ...p, completionRate: 0.7 }).adjustedFen).toBe(1_100);
    expect(quarterRisk({ ...p, completionRate: null }).adjustedFen).toBe(1_100);
  });

  it('never warns without a positive target', () => {
    expect(quarterRisk({ ...p, targetFen: 0, collectedFen: 0, receivablesFen: 0, newOrdersFen: 0, regionError: 0.3 }).atRisk).toBe(false);
  });
});
