import type { PackRates } from './completion.js';
import { DEFAULT_FORECAST, type EffectSizes, type ForecastConfig } from './forecast.js';

// Re-estimating the completion effect of the 90-day forecast (forecast.ts) from the team's own
// history, once it has enough of it; until then the article's effect sizes stand.

export interface EffectObservation {
  customerId: number;
  quarter: string;
  /** Forecast before the completion factors (CustomerForecast.expectedFen). */
  expectedFen: number;
  actualFen: number;
  rates: PackRates;
}

export interface EffectEstimate extends EffectSizes {
  source: 'article' | 'team';
  /** Customer-quarters used. */
  n: number;
  quarters: number;
}

export const EFFECT_MIN = { quarters: 4, customerQuarters: 30 };

function det3(m: number[][]): number {
  const r = (i: number, j: number) => m[i]![j]!;
  return (
    r(0, 0) * (r(1, 1) * r(2, 2) - r(1, 2) * r(2, 1)) -
    r(0, 1) * (r(1, 0) * r(2, 2) - r(1, 2) * r(2, 0)) +
    r(0, 2) * (r(1, 0) * r(2, 1) - r(1, 1) * r(2, 0))
  );
}

/** Least squares y = a + b1 x1 + b2 x2 by Cramer's rule; null when the design is degenerate. */
function ols2(rows: Array<[number, number, number]>): [number, number] | null {
  const s = (f: (r: [number, number, number]) => number) => rows.reduce((acc, r) => acc + f(r), 0);
  const n = rows.length;
  const [x1, x2, y] = [s((r) => r[0]), s((r) => r[1]), s((r) => r[2])];
  const [x11, x22, x12] = [s((r) => r[0] * r[0]), s((r) => r[1] * r[1]), s((r) => r[0] * r[1])];
  const [x1y, x2y] = [s((r) => r[0] * r[2]), s((r) => r[1] * r[2])];
  const a = [
    [n, x1, x2],
    [x1, x11, x12],
    [x2, x12, x22],
  ];
  const d = det3(a);
  if (Math.abs(d) < 1e-9 * Math.max(1, n ** 3)) return null;
  const withCol = (c: number) => a.map((row, i) => row.map((v, j) => (j === c ? [y, x1y, x2y][i]! : v)));
  return [det3(withCol(1)) / d, det3(withCol(2)) / d];
}

/**
 * The completion effects from the team's history: regress (actual / expected - 1) on each
 * completion rate's distance from the reference rate, the same shape forecastCustomer applies.
 * Until there are >= 4 quarters and >= 30 usable customer-quarters (expected > 0, high-quality
 * rate known), or when the fit is degenerate, the article's figures stand. Ratios are clipped to
 * [-1, 3] so one windfall order cannot steer the fit; effects are clipped to [0, 0.5] because a
 * negative or huge effect would more likely be noise than a finding.
 */
export function estimateEffectSizes(
  history: EffectObservation[],
  cfg: Pick<ForecastConfig, 'referenceRate' | 'effects'> = DEFAULT_FORECAST,
): EffectEstimate {
  const usable = history.filter((h) => h.expectedFen > 0 && h.rates.highQuality !== null);
  const quarters = new Set(usable.map((h) => h.quarter)).size;
  const article: EffectEstimate = { source: 'article', ...cfg.effects, n: usable.length, quarters };
  if (quarters < EFFECT_MIN.quarters || usable.length < EFFECT_MIN.customerQuarters) return article;
  const ref = cfg.referenceRate;
  const rows = usable.map((h): [number, number, number] => [
    (h.rates.highQuality as number) - ref,
    h.rates.ordinary === null ? 0 : h.rates.ordinary - ref,
    Math.min(3, Math.max(-1, h.actualFen / h.expectedFen - 1)),
  ]);
  const fit = ols2(rows);
  if (!fit) return article;
  const clip = (v: number) => Math.min(0.5, Math.max(0, v));
  return { source: 'team', highQuality: clip(fit[0]), ordinary: clip(fit[1]), n: usable.length, quarters };
}
