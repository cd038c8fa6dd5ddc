import { packRates, rateOf } from './completion.js';
import { addDays, daysBetween, quarterEnd, quarterStart, weekStart, type LocalDate } from './dates.js';
import { groupBy } from './collections.js';
import {
  ARTICLE_EFFECTS, DEFAULT_FORECAST, estimateEffectSizes, forecastCustomer,
  type EffectEstimate, type EffectObservation, type ForecastConfig,
} from './forecast.js';
import { applyMatches, rematch } from './matching.js';
import { stageBefore, type StageChange } from './team-metrics.js';
import type { ActionLog, CustomerFacts, DueItem, OrderRow } from './types.js';

// Backtest of the 90-day forecast and of the week-4 early warning (docs/method.md step 3: "its error
// is a reported figure"; "85% of a quarter's gap is visible by week 4").
// - Each quarter is forecast from data strictly before its first day: orders dated before it,
//   logs dated before it (completion is replayed with rematch, so a later 不合格 verdict or a
//   late log does not leak in), stage changes dated before it. When the stage history does not
//   reach back, the customer's current stage is used and counted in `stageFallbacks`.
//   Customers are attributed to their current owner (ownership history is not modelled).
// - Effect sizes are re-estimated before each quarter from the earlier backtested quarters
//   (estimateEffectSizes), so the article's figures hold until the team has enough history.
// - MAPE = mean |forecast - actual| / actual; quarters (or rep-quarters) with zero actual
//   collections are skipped, since the error is undefined there, and counted.
// - Week-4 warning: the cutoff is the Monday after week 4, week 1 being the ISO week holding the
//   quarter's first day. With data before the cutoff a rep is predicted to miss the target when
//   their completion of items due so far is below the threshold ('completion'), when collected
//   so far + forecast of the rest of the quarter is below target ('forecast'), or either.

export interface BacktestConfig {
  forecast: ForecastConfig;
  warningThreshold: number;
  earlyWeeks: number;
  learnEffects: boolean;
}

export const DEFAULT_BACKTEST: BacktestConfig = {
  forecast: DEFAULT_FORECAST, warningThreshold: 0.7, earlyWeeks: 4, learnEffects: true,
};

export interface BacktestInput {
  orders: OrderRow[];
  customers: CustomerFacts[];
  stageHistory: StageChange[];
  items: DueItem[];
  logs: ActionLog[];
  /** quarter ('2026-Q1') -> rep id -> target in 分. */
  targetsByRepQuarter: Record<string, Record<number, number>>;
  quarters: string[];
  cfg?: BacktestConfig;
}

export type WarningRule = 'completion' | 'forecast' | 'either';

export interface Confusion {
  tp: number; fp: number; fn: number; tn: number;
  precision: number | null;
  recall: number | null;
}

export interface WarningRow {
  quarter: string; repId: number; targetFen: number; actualFen: number;
  projectedFen: number; completionRate: number | null;
  predicted: Record<WarningRule, boolean>; actualMiss: boolean;
}

export interface BacktestResult {
  quarters: Array<{ quarter: string; forecastFen: number; actualFen: number; ape: number | null; effects: EffectEstimate }>;
  mape: number | null;
  /** Quarters left out of the MAPE because nothing was collected. */
  skippedZeroActuals: number;
  byRep: Array<{ repId: number; mape: number | null; n: number; skippedZeroActuals: number }>;
  earlyWarning: { rules: Record<WarningRule, Confusion>; rows: WarningRow[] };
  stageFallbacks: number;
}

interface Ctx {
  input: BacktestInput;
  cfg: BacktestConfig;
  ordersBy: Map<number, OrderRow[]>;
  /** Stage changes per customer: stageBefore scans the list it is given, once per customer. */
  historyBy: Map<number, StageChange[]>;
  fallbacks: Set<number>;
}


const sumOrders = (orders: OrderRow[], from: LocalDate, to: LocalDate) =>
  orders.reduce((s, o) => (o.date >= from && o.date <= to ? s + o.amountFen : s), 0);

/** Item statuses as they stood on the morning of `cutoff`. */
function itemsAsOf(ctx: Ctx, cutoff: LocalDate): DueItem[] {
  const logs = ctx.input.logs.filter((l) => l.occurredOn < cutoff);
  return applyMatches(ctx.input.items, rematch(ctx.input.items, logs));
}

/** Forecast of every customer for [asOf, end], from data before asOf (items as of asOf). */
function forecastAll(ctx: Ctx, asOf: LocalDate, end: LocalDate, effects: EffectEstimate, items: DueItem[]) {
  const horizon = daysBetween(asOf, end) + 1;
  const fcfg = { ...ctx.cfg.forecast, horizonDays: horizon, effects };
  const itemsBy = groupBy(items, (i) => i.customerId);
  return ctx.input.customers.map((c) => {
    const known = stageBefore(ctx.historyBy.get(c.id) ?? [], c.id, asOf);
    if (known === null) ctx.fallbacks.add(c.id);
    const rates = packRates(itemsBy.get(c.id) ?? [], asOf, horizon, fcfg.highQualityActions);
    const orders = ctx.ordersBy.get(c.id) ?? [];
    const f = forecastCustomer({ customerId: c.id, stage: known ?? c.stage, orders, asOf, completion: rates }, fcfg);
    return { customer: c, forecast: f, rates };
  });
}

const ape = (forecast: number, actual: number) => (actual === 0 ? null : Math.abs(forecast - actual) / actual);
const mean = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);

function confusion(rows: WarningRow[], rule: WarningRule): Confusion {
  const c = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const r of rows) {
    const p = r.predicted[rule];
    if (p && r.actualMiss) c.tp += 1;
    else if (p) c.fp += 1;
    else if (r.actualMiss) c.fn += 1;
    else c.tn += 1;
  }
  return { ...c, precision: rateOf(c.tp + c.fp, c.tp), recall: rateOf(c.tp + c.fn, c.tp) };
}

function warningRows(ctx: Ctx, quarter: string, effects: EffectEstimate, actualByRep: Map<number, number>): WarningRow[] {
  // No rep targets (the live calibration passes none): nothing to check, and the replay as of
  // week 4 is as costly as the quarter's own.
  if (Object.keys(ctx.input.targetsByRepQuarter[quarter] ?? {}).length === 0) return [];
  const start = quarterStart(quarter);
  const end = quarterEnd(quarter);
  const cutoff = addDays(weekStart(start), 7 * ctx.cfg.earlyWeeks);
  const items = itemsAsOf(ctx, cutoff);
  const rows = forecastAll(ctx, cutoff, end, effects, items);
  const out: WarningRow[] = [];
  for (const [repIdKey, targetFen] of Object.entries(ctx.input.targetsByRepQuarter[quarter] ?? {})) {
    const repId = Number(repIdKey);
    const mine = rows.filter((r) => r.customer.ownerId === repId);
    const collected = mine.reduce((s, r) => s + sumOrders(ctx.ordersBy.get(r.customer.id) ?? [], start, addDays(cutoff, -1)), 0);
    const projectedFen = collected + mine.reduce((s, r) => s + r.forecast.totalFen, 0);
    const due = items.filter((i) => i.memberId === repId && i.status !== 'cancelled' && i.dueDate >= start && i.dueDate < cutoff);
    const completionRate = rateOf(due.length, due.filter((i) => i.status === 'done').length);
    const byCompletion = completionRate !== null && completionRate < ctx.cfg.warningThreshold;
    const byForecast = projectedFen < targetFen;
    const actualFen = actualByRep.get(repId) ?? 0;
    out.push({
      quarter, repId, targetFen, actualFen, projectedFen, completionRate,
      predicted: { completion: byCompletion, forecast: byForecast, either: byCompletion || byForecast },
      actualMiss: actualFen < targetFen,
    });
  }
  return out;
}

interface QuarterOutcome {
  row: BacktestResult['quarters'][number];
  /** rep id -> forecast and actual collections of the quarter. */
  byRep: Map<number, { f: number; a: number }>;
}

function runQuarter(ctx: Ctx, quarter: string, observations: EffectObservation[]): QuarterOutcome {
  const { cfg } = ctx;
  const start = quarterStart(quarter);
  const end = quarterEnd(quarter);
  const effects = cfg.learnEffects
    ? estimateEffectSizes(observations, { referenceRate: cfg.forecast.referenceRate, effects: cfg.forecast.effects })
    : { source: 'article' as const, ...ARTICLE_EFFECTS, n: 0, quarters: 0 };
  const fc = forecastAll(ctx, start, end, effects, itemsAsOf(ctx, start));
  const byRep = new Map<number, { f: number; a: number }>();
  for (const { customer, forecast, rates } of fc) {
    const actualFen = sumOrders(ctx.ordersBy.get(customer.id) ?? [], start, end);
    observations.push({ customerId: customer.id, quarter, expectedFen: forecast.expectedFen, actualFen, rates });
    const r = byRep.get(customer.ownerId) ?? { f: 0, a: 0 };
    byRep.set(customer.ownerId, { f: r.f + forecast.totalFen, a: r.a + actualFen });
  }
  const forecastFen = fc.reduce((s, x) => s + x.forecast.totalFen, 0);
  const actualFen = [...byRep.values()].reduce((s, x) => s + x.a, 0);
  return { row: { quarter, forecastFen, actualFen, ape: ape(forecastFen, actualFen), effects }, byRep };
}

export function backtest(input: BacktestInput): BacktestResult {
  const cfg = input.cfg ?? DEFAULT_BACKTEST;
  const ctx: Ctx = {
    input, cfg, ordersBy: groupBy(input.orders, (o) => o.customerId), historyBy: groupBy(input.stageHistory, (h) => h.customerId), fallbacks: new Set(),
  };
  // Observations accumulate quarter by quarter, so each quarter learns only from earlier ones.
  const observations: EffectObservation[] = [];
  const quarters: BacktestResult['quarters'] = [];
  const repApes = new Map<number, { apes: number[]; skipped: number }>();
  const rows: WarningRow[] = [];
  for (const quarter of [...new Set(input.quarters)].sort()) {
    const { row, byRep } = runQuarter(ctx, quarter, observations);
    quarters.push(row);
    for (const [repId, { f, a }] of byRep) {
      const acc = repApes.get(repId) ?? { apes: [], skipped: 0 };
      const e = ape(f, a);
      if (e === null) acc.skipped += 1;
      else acc.apes.push(e);
      repApes.set(repId, acc);
    }
    rows.push(...warningRows(ctx, quarter, row.effects, new Map([...byRep].map(([k, v]) => [k, v.a]))));
  }
  const apes = quarters.map((q) => q.ape).filter((x): x is number => x !== null);
  return {
    quarters,
    mape: mean(apes),
    skippedZeroActuals: quarters.length - apes.length,
    byRep: [...repApes].sort((a, b) => a[0] - b[0])
      .map(([repId, v]) => ({ repId, mape: mean(v.apes), n: v.apes.length, skippedZeroActuals: v.skipped })),
    earlyWarning: { rules: { completion: confusion(rows, 'completion'), forecast: confusion(rows, 'forecast'), either: confusion(rows, 'either') }, rows },
    stageFallbacks: ctx.fallbacks.size,
  };
}
