import { shiftQuarter } from './dates.js';
import type { OrderRow } from './types.js';

// Two naive forecasts the backtest scores beside ours on the same quarters (issue: "a forecast
// that beats naive baselines"): the same quarter last year, and last quarter, each as it was
// collected. A forecast that does not beat both adds nothing a spreadsheet does not.

export type Baseline = 'lastYear' | 'lastQuarter';
export const BASELINES: Baseline[] = ['lastYear', 'lastQuarter'];

/** Collections per quarter and per owner, summed once for the whole replay. */
export interface QuarterSums {
  region: Map<string, number>;
  /** quarter -> rep id -> collections. */
  byRep: Map<string, Map<number, number>>;
  /** The first quarter with any collection: a naive forecast reading before it has no data. */
  firstQuarter: string | null;
}

export function quarterSums(
  collections: OrderRow[],
  ownerOf: (customerId: number) => number | undefined,
  quarterOf: (d: string) => string,
): QuarterSums {
  const region = new Map<string, number>();
  const byRep = new Map<string, Map<number, number>>();
  let firstQuarter: string | null = null;
  for (const o of collections) {
    const q = quarterOf(o.date);
    if (firstQuarter === null || q < firstQuarter) firstQuarter = q;
    region.set(q, (region.get(q) ?? 0) + o.amountFen);
    const owner = ownerOf(o.customerId);
    if (owner === undefined) continue;
    const reps = byRep.get(q) ?? new Map<number, number>();
    reps.set(owner, (reps.get(owner) ?? 0) + o.amountFen);
    byRep.set(q, reps);
  }
  return { region, byRep, firstQuarter };
}

export function sourceQuarter(quarter: string, b: Baseline): string {
  return shiftQuarter(quarter, b === 'lastYear' ? -4 : -1);
}

/** The naive forecast of a quarter for the region (repId null) or a rep; null before any data. */
export function naive(sums: QuarterSums, quarter: string, b: Baseline, repId: number | null): number | null {
  const src = sourceQuarter(quarter, b);
  if (sums.firstQuarter === null || src < sums.firstQuarter) return null;
  return repId === null ? (sums.region.get(src) ?? 0) : (sums.byRep.get(src)?.get(repId) ?? 0);
}

export interface ErrorSummary {
  /** Quarters where the forecast and both baselines exist and something was collected. */
  n: number;
  mape: number | null;
  baselines: Record<Baseline, number | null>;
  /** Our MAPE / the better (lower) baseline MAPE; < 1 means we beat it. */
  ratio: number | null;
}

export interface ScoredQuarter {
  forecastFen: number;
  actualFen: number;
  naive: Record<Baseline, number | null>;
}

const mean = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);

/** MAPE of the forecast and of each baseline over the same quarters (all three defined, actual > 0). */
export function summarise(rows: ScoredQuarter[]): ErrorSummary {
  const same = rows.filter((r) => r.actualFen > 0 && BASELINES.every((b) => r.naive[b] !== null));
  const apeOf = (f: number, a: number) => Math.abs(f - a) / a;
  const mape = mean(same.map((r) => apeOf(r.forecastFen, r.actualFen)));
  const baselines = Object.fromEntries(BASELINES.map((b) => [b, mean(same.map((r) => apeOf(r.naive[b]!, r.actualFen)))])) as Record<
    Baseline,
    number | null
  >;
  const better = Math.min(...BASELINES.map((b) => baselines[b] ?? Infinity));
  return { n: same.length, mape, baselines, ratio: mape === null || !Number.isFinite(better) || better === 0 ? null : mape / better };
}
