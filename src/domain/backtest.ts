import { BASELINES, type Baseline, type ErrorSummary, naive, type QuarterSums, quarterSums, summarise } from './backtest-baselines.js';
import { forecastAll, type ItemsAt, itemsAsOf, packWindowStart, type Replay, type ReplayData, replayOf } from './backtest-replay.js';
import {
  type Confusion,
  confusion,
  errorsBefore,
  RULES,
  type TargetSource,
  type WarningReplay,
  type WarningRow,
  type WarningRule,
  warningRows,
} from './backtest-warning.js';
import { quarterEnd, quarterOf, quarterStart } from './dates.js';
import {
  ARTICLE_EFFECTS,
  DEFAULT_FORECAST,
  type EffectEstimate,
  type EffectObservation,
  estimateEffectSizes,
  type ForecastConfig,
} from './forecast.js';
import { DEFAULT_QUARTER_RISK, type QuarterRiskConfig } from './warnings.js';

export type { Baseline, Confusion, ErrorSummary, TargetSource, WarningReplay, WarningRow, WarningRule };

// Backtest of the 90-day forecast and of the early warning (docs/method.md step 3: "its error is a
// reported figure"; "85% of a quarter's gap is visible by week 4").
// - Each quarter is forecast from data strictly before its first day (backtest-replay.ts). When
//   the stage history does not reach back, the customer's current stage is used and counted in
//   `stageFallbacks`. Customers are attributed to their current owner.
// - Effect sizes are re-estimated before each quarter from the earlier backtested quarters
//   (estimateEffectSizes), so the article's figures hold until the team has enough history.
// - MAPE = mean |forecast - actual| / actual; quarters (or rep-quarters) with zero actual
//   collections are skipped, since the error is undefined there, and counted. Beside it, the two
//   naive forecasts (backtest-baselines.ts) on the same quarters, and the ratio.
// - The early warning is replayed at each of `warningWeeks` (backtest-warning.ts); `earlyWarning`
//   is the replay at `earlyWeeks`.

export interface BacktestConfig {
  forecast: ForecastConfig;
  /** The warning rules' threshold and the forecast rule's adjustments (quarterRisk, warnings.ts). */
  quarterRisk: QuarterRiskConfig;
  earlyWeeks: number;
  /** The weeks the warning is replayed at; earlyWeeks is always among them. */
  warningWeeks: number[];
  learnEffects: boolean;
}

export const DEFAULT_BACKTEST: BacktestConfig = {
  forecast: DEFAULT_FORECAST,
  quarterRisk: DEFAULT_QUARTER_RISK,
  earlyWeeks: 4,
  warningWeeks: [2, 4, 6],
  learnEffects: true,
};

export interface BacktestInput extends ReplayData {
  /** quarter ('2026-Q1') -> rep id -> target in 分. */
  targetsByRepQuarter: Record<string, Record<number, number>>;
  /** Where each quarter's rep targets come from; 'derived' when absent. */
  targetSources?: Record<string, TargetSource>;
  quarters: string[];
  cfg?: BacktestConfig;
}

export interface QuarterRow {
  quarter: string;
  forecastFen: number;
  actualFen: number;
  ape: number | null;
  effects: EffectEstimate;
  naive: Record<Baseline, number | null>;
}

export interface BacktestResult {
  quarters: QuarterRow[];
  mape: number | null;
  /** Quarters left out of the MAPE because nothing was collected. */
  skippedZeroActuals: number;
  /** The forecast and both naive baselines over the same quarters, region-wide. */
  vsBaselines: ErrorSummary;
  byRep: Array<{ repId: number; mape: number | null; n: number; skippedZeroActuals: number; vsBaselines: ErrorSummary }>;
  earlyWarning: { rules: Record<WarningRule, Confusion>; rows: WarningRow[] };
  warnings: WarningReplay[];
  stageFallbacks: number;
}

interface QuarterOutcome {
  row: QuarterRow;
  byRep: Map<number, { f: number; a: number }>;
}

function runQuarter(
  r: Replay,
  cfg: BacktestConfig,
  sums: QuarterSums,
  quarter: string,
  observations: EffectObservation[],
  itemsAt: ItemsAt,
): QuarterOutcome {
  const start = quarterStart(quarter);
  const end = quarterEnd(quarter);
  const effects = cfg.learnEffects
    ? estimateEffectSizes(observations, { referenceRate: cfg.forecast.referenceRate, effects: cfg.forecast.effects })
    : { source: 'article' as const, ...ARTICLE_EFFECTS, n: 0, quarters: 0 };
  const fc = forecastAll(r, cfg.forecast, start, end, effects, itemsAt(start, packWindowStart(start, end)));
  const byRep = new Map<number, { f: number; a: number }>();
  for (const { customer, forecast, rates } of fc) {
    const actualFen = (r.ordersBy.get(customer.id) ?? []).reduce((s, o) => (o.date >= start && o.date <= end ? s + o.amountFen : s), 0);
    observations.push({ customerId: customer.id, quarter, expectedFen: forecast.expectedFen, actualFen, rates });
    const x = byRep.get(customer.ownerId) ?? { f: 0, a: 0 };
    byRep.set(customer.ownerId, { f: x.f + forecast.totalFen, a: x.a + actualFen });
  }
  const forecastFen = fc.reduce((s, x) => s + x.forecast.totalFen, 0);
  const actualFen = [...byRep.values()].reduce((s, x) => s + x.a, 0);
  const nv = Object.fromEntries(BASELINES.map((b) => [b, naive(sums, quarter, b, null)])) as Record<Baseline, number | null>;
  return {
    row: {
      quarter,
      forecastFen,
      actualFen,
      ape: actualFen === 0 ? null : Math.abs(forecastFen - actualFen) / actualFen,
      effects,
      naive: nv,
    },
    byRep,
  };
}

const mean = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);

function replayWarnings(
  r: Replay,
  input: BacktestInput,
  cfg: BacktestConfig,
  outcomes: Array<[QuarterRow, QuarterOutcome['byRep']]>,
): WarningReplay[] {
  const weeks = [...new Set([...cfg.warningWeeks, cfg.earlyWeeks])].sort((a, b) => a - b);
  const errors = errorsBefore(outcomes.map(([q]) => q));
  return weeks.map((w) => {
    const rows: WarningRow[] = [];
    let noTarget = 0;
    const targets: Record<TargetSource, number> = { published: 0, derived: 0 };
    for (const [row, byRep] of outcomes) {
      const t = input.targetsByRepQuarter[row.quarter] ?? {};
      const repIds = [...new Set([...Object.keys(t).map(Number), ...byRep.keys()])].sort((a, b) => a - b);
      const actualByRep = new Map([...byRep].map(([k, v]) => [k, v.a]));
      const out = warningRows(
        r,
        cfg.forecast,
        {
          quarter: row.quarter,
          weeks: w,
          risk: cfg.quarterRisk,
          targets: t,
          repIds,
          actualByRep,
          regionError: errors.get(row.quarter) ?? null,
        },
        row.effects,
      );
      rows.push(...out.rows);
      noTarget += out.noTarget;
      targets[input.targetSources?.[row.quarter] ?? 'derived'] += out.rows.length;
    }
    const rules = Object.fromEntries(RULES.map((rule) => [rule, confusion(rows, rule)])) as Record<WarningRule, Confusion>;
    return { weeks: w, rules, rows, noTarget, targets };
  });
}

function replayQuarters(input: BacktestInput, cfg: BacktestConfig, r: Replay, itemsAt: ItemsAt = (cutoff) => itemsAsOf(r, cutoff)) {
  const owner = new Map(input.customers.map((c) => [c.id, c.ownerId]));
  const sums = quarterSums(input.orders, (id) => owner.get(id), quarterOf);
  // Observations accumulate quarter by quarter, so each quarter learns only from earlier ones.
  const observations: EffectObservation[] = [];
  const outcomes: Array<[QuarterRow, QuarterOutcome['byRep']]> = [];
  for (const quarter of [...new Set(input.quarters)].sort()) {
    const { row, byRep } = runQuarter(r, cfg, sums, quarter, observations, itemsAt);
    outcomes.push([row, byRep]);
  }
  return { sums, outcomes };
}

/**
 * The forecast replay alone: each quarter's forecast, actuals and effects, as backtest() reports
 * them, without the per-rep errors and the warning replay (the live calibration reads only these;
 * the warning replay re-forecasts every customer three times per quarter). `itemsAt`, when given,
 * supplies the items in place of input.items and input.logs, called once per quarter in order.
 */
export function forecastQuarters(input: BacktestInput, itemsAt?: ItemsAt): QuarterRow[] {
  return replayQuarters(input, input.cfg ?? DEFAULT_BACKTEST, replayOf(input), itemsAt).outcomes.map(([q]) => q);
}

export function backtest(input: BacktestInput): BacktestResult {
  const cfg = input.cfg ?? DEFAULT_BACKTEST;
  const r = replayOf(input);
  const { sums, outcomes } = replayQuarters(input, cfg, r);
  const repRows = new Map<number, Array<{ f: number; a: number; quarter: string }>>();
  for (const [row, byRep] of outcomes)
    for (const [repId, v] of byRep) repRows.set(repId, [...(repRows.get(repId) ?? []), { ...v, quarter: row.quarter }]);
  const quarters = outcomes.map(([q]) => q);
  const apes = quarters.map((q) => q.ape).filter((x): x is number => x !== null);
  const byRep = [...repRows]
    .sort((a, b) => a[0] - b[0])
    .map(([repId, rows]) => {
      const repApes = rows.filter((x) => x.a !== 0).map((x) => Math.abs(x.f - x.a) / x.a);
      const scored = rows.map((x) => ({
        forecastFen: x.f,
        actualFen: x.a,
        naive: Object.fromEntries(BASELINES.map((b) => [b, naive(sums, x.quarter, b, repId)])) as Record<Baseline, number | null>,
      }));
      return {
        repId,
        mape: mean(repApes),
        n: repApes.length,
        skippedZeroActuals: rows.length - repApes.length,
        vsBaselines: summarise(scored),
      };
    });
  const warnings = replayWarnings(r, input, cfg, outcomes);
  const early = warnings.find((w) => w.weeks === cfg.earlyWeeks)!;
  return {
    quarters,
    mape: mean(apes),
    skippedZeroActuals: quarters.length - apes.length,
    vsBaselines: summarise(quarters),
    byRep,
    earlyWarning: { rules: early.rules, rows: early.rows },
    warnings,
    stageFallbacks: r.fallbacks.size,
  };
}
