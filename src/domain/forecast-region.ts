import type { CustomerForecast } from './forecast.js';
import type { HeatColour } from './heat.js';
import { formatFen } from './money.js';

// The region's 90-day forecast: the exact sum of its customers' forecasts (forecast.ts), a band from
// the backtested error, and the biggest contributors and risks.

export interface RegionForecastOptions {
  /** Backtested MAPE (0.12 = 12%); the band is total x (1 +- mape). */
  mape?: number | null;
  /** Band used until a backtest exists. */
  defaultBandRatio?: number;
  /** Colour per customer; only get() is read, so a view over heat results needs no copy. */
  heat?: Pick<ReadonlyMap<number, HeatColour>, 'get'>;
  topN?: number;
}

export interface RegionRisk {
  customerId: number;
  /** baseFen - totalFen: how far the forecast sits below the customer's own history. */
  gapFen: number;
  red: boolean;
  reason: string;
}

export interface RegionForecast {
  totalFen: number;
  band: { lowFen: number; highFen: number; ratio: number; basis: 'backtest' | 'default' };
  contributors: Array<{ customerId: number; totalFen: number; share: number }>;
  risks: RegionRisk[];
}

export const DEFAULT_BAND_RATIO = 0.2;

function riskReason(gapFen: number, red: boolean): string {
  const parts: string[] = [];
  if (red) parts.push('热力图红色');
  if (gapFen > 0) parts.push(`预测低于自身历史基数 ${formatFen(gapFen)}`);
  return parts.join('；');
}

/**
 * The first n of list in cmp order, as sort + slice would give (cmp must be a total order), in
 * one pass: a region of 100,000 customers needs its top three, not a sorted copy.
 */
export function topOf<T>(list: T[], n: number, cmp: (a: T, b: T) => number): T[] {
  const top: T[] = [];
  for (const x of list) {
    if (top.length === n && n > 0 && cmp(x, top[n - 1]!) >= 0) continue;
    if (n <= 0) break;
    let i = top.length;
    while (i > 0 && cmp(x, top[i - 1]!) < 0) i--;
    top.splice(i, 0, x);
    if (top.length > n) top.pop();
  }
  return top;
}

/** Sums customer forecasts; the band is the backtest MAPE when known, else ±20% (DEFAULT_BAND_RATIO). */
export function forecastRegion(customers: CustomerForecast[], opts: RegionForecastOptions = {}): RegionForecast {
  const topN = opts.topN ?? 3;
  const totalFen = customers.reduce((s, c) => s + c.totalFen, 0);
  const known = opts.mape !== undefined && opts.mape !== null;
  const ratio = known ? (opts.mape as number) : (opts.defaultBandRatio ?? DEFAULT_BAND_RATIO);
  const band = {
    lowFen: Math.max(0, Math.round(totalFen * (1 - ratio))),
    highFen: Math.round(totalFen * (1 + ratio)),
    ratio,
    basis: known ? ('backtest' as const) : ('default' as const),
  };
  const contributors = topOf(customers, topN, (a, b) => b.totalFen - a.totalFen || a.customerId - b.customerId).map((c) => ({
    customerId: c.customerId,
    totalFen: c.totalFen,
    share: totalFen === 0 ? 0 : c.totalFen / totalFen,
  }));
  // A loop, not map + filter: most of a large region is not at risk and needs no object.
  const atRisk: Array<{ customerId: number; gapFen: number; red: boolean }> = [];
  for (const c of customers) {
    const gapFen = c.baseFen - c.totalFen;
    const red = opts.heat?.get(c.customerId) === 'red';
    if (red || gapFen > 0) atRisk.push({ customerId: c.customerId, gapFen, red });
  }
  // Red customers first (they need action this week), then the largest shortfall.
  const risks = topOf(atRisk, topN, (a, b) => Number(b.red) - Number(a.red) || b.gapFen - a.gapFen || a.customerId - b.customerId).map(
    (r) => ({ ...r, reason: riskReason(r.gapFen, r.red) }),
  );
  return { totalFen, band, contributors, risks };
}
