import { forecastAll, itemsAsOf, type Replay } from './backtest-replay.js';
import { rateOf } from './completion.js';
import { addDays, quarterEnd, quarterStart, weekStart } from './dates.js';
import type { EffectEstimate, ForecastConfig } from './forecast.js';
import { ReceivablesForecast } from './forecast-receivables.js';
import { type QuarterRiskConfig, quarterRisk } from './warnings.js';

// The early warning, replayed at week 2, 4 and 6 of each quarter (docs/method.md step 3: "85% of a
// quarter's gap is visible by week 4"). The cutoff of week w is the Monday after week w, week 1
// being the ISO week holding the quarter's first day. With data before the cutoff a rep is
// predicted to miss the target when their completion of items due so far is below the threshold
// ('completion'), when collected so far + forecast of the rest of the quarter, adjusted for the
// completion so far, is below target ('forecast': quarterRisk in warnings.ts, the rule the live
// week-4 warning sends), or either. Rep-quarters without a positive target are left out and counted.

export type WarningRule = 'completion' | 'forecast' | 'either';
export const RULES: WarningRule[] = ['completion', 'forecast', 'either'];

export interface Confusion {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number | null;
  recall: number | null;
}

export interface WarningRow {
  quarter: string;
  repId: number;
  targetFen: number;
  actualFen: number;
  projectedFen: number;
  /** The parts of the projection: collected before the cutoff, open receivables, orders not yet placed. */
  collectedFen: number;
  receivablesFen: number;
  newOrdersFen: number;
  completionRate: number | null;
  /** The region's backtested forecast error known at the quarter's start (quarterRisk's margin). */
  regionError: number | null;
  predicted: Record<WarningRule, boolean>;
  actualMiss: boolean;
}

export type TargetSource = 'published' | 'derived';

export interface WarningReplay {
  weeks: number;
  rules: Record<WarningRule, Confusion>;
  rows: WarningRow[];
  /** Rep-quarters left out: no target, or a target of 0. */
  noTarget: number;
  /** Rep-quarters scored against a published split, and against a derived target. */
  targets: Record<TargetSource, number>;
}

export function confusion(rows: WarningRow[], rule: WarningRule): Confusion {
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

export interface WarningQuarter {
  quarter: string;
  weeks: number;
  /** The forecast rule (quarterRisk in warnings.ts, the live warning's rule); its threshold is the completion rule's. */
  risk: QuarterRiskConfig;
  /** rep id -> target; reps with 0 or no target are counted, not scored. */
  targets: Record<number, number>;
  /** Reps the quarter had (every rep with customers): those without a target count as noTarget. */
  repIds: number[];
  actualByRep: Map<number, number>;
  /** The region's forecast MAPE over the quarters before this one (the live calibration's figure); null before there is one. */
  regionError: number | null;
}

/** Per quarter, the mean APE of the quarters before it: what the calibration stored at that quarter's start. */
export function errorsBefore(quarters: Array<{ quarter: string; ape: number | null }>): Map<string, number | null> {
  const out = new Map<string, number | null>();
  const apes: number[] = [];
  for (const q of quarters) {
    out.set(q.quarter, apes.length ? apes.reduce((a, b) => a + b, 0) / apes.length : null);
    if (q.ape !== null) apes.push(q.ape);
  }
  return out;
}

export function warningRows(
  r: Replay,
  base: ForecastConfig,
  q: WarningQuarter,
  effects: EffectEstimate,
): { rows: WarningRow[]; noTarget: number } {
  const scored = q.repIds.filter((id) => (q.targets[id] ?? 0) > 0);
  const noTarget = q.repIds.length - scored.length;
  // No rep targets (the live calibration passes none): nothing to check, and the replay as of
  // the cutoff is as costly as the quarter's own.
  if (scored.length === 0) return { rows: [], noTarget };
  const start = quarterStart(q.quarter);
  const end = quarterEnd(q.quarter);
  const cutoff = addDays(weekStart(start), 7 * q.weeks);
  const items = itemsAsOf(r, cutoff);
  const fc = forecastAll(r, base, cutoff, end, effects, items);
  const projected = new Map<number, { collectedFen: number; receivablesFen: number; newOrdersFen: number }>();
  for (const x of fc) {
    const so = (r.ordersBy.get(x.customer.id) ?? []).reduce((s, o) => (o.date >= start && o.date < cutoff ? s + o.amountFen : s), 0);
    const p = projected.get(x.customer.ownerId) ?? { collectedFen: 0, receivablesFen: 0, newOrdersFen: 0 };
    const rec = x.forecast instanceof ReceivablesForecast ? x.forecast.split.receivablesFen : 0;
    projected.set(x.customer.ownerId, {
      collectedFen: p.collectedFen + so,
      receivablesFen: p.receivablesFen + rec,
      newOrdersFen: p.newOrdersFen + x.forecast.totalFen - rec,
    });
  }
  const rows = scored.map((repId): WarningRow => {
    const targetFen = q.targets[repId]!;
    const parts = projected.get(repId) ?? { collectedFen: 0, receivablesFen: 0, newOrdersFen: 0 };
    const projectedFen = parts.collectedFen + parts.receivablesFen + parts.newOrdersFen;
    const due = items.filter((i) => i.memberId === repId && i.status !== 'cancelled' && i.dueDate >= start && i.dueDate < cutoff);
    const completionRate = rateOf(due.length, due.filter((i) => i.status === 'done').length);
    const byCompletion = completionRate !== null && completionRate < q.risk.threshold;
    const byForecast = quarterRisk({ targetFen, ...parts, completionRate, regionError: q.regionError }, q.risk).atRisk;
    const actualFen = q.actualByRep.get(repId) ?? 0;
    return {
      quarter: q.quarter,
      repId,
      targetFen,
      actualFen,
      projectedFen,
      ...parts,
      completionRate,
      regionError: q.regionError,
      predicted: { completion: byCompletion, forecast: byForecast, either: byCompletion || byForecast },
      actualMiss: actualFen < targetFen,
    };
  });
  return { rows, noTarget };
}
