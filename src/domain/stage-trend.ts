import { type LocalDate, shiftQuarter } from './dates.js';
import type { OrderRow } from './types.js';

// The year-on-year trend behind the stage suggestion (docs/method.md step 1), with its standard error.
//
// The article compares single quarters (两季度 >15%). A customer that places one to five orders a
// quarter swings by half either way from quarter to quarter, so single quarters are smoothed into
// years of four complete quarters (seasonality cancels: every year holds each quarter once), and up
// to three such years are fitted with a log-linear trend, weighted by how much each year says. The
// growth is per year, i.e. 同比.
//
// The standard error comes from the order count: a year's total of N orders whose amounts have a
// coefficient of variation c varies by about sqrt((d + c²) / N) in log terms, d being the spread of
// the customer's order count per quarter (variance / mean: 1 when orders arrive at random, as a
// Poisson count; near 0 for a customer that orders once every quarter). Half an order is added to every year (a continuity correction) so a year without orders
// still has a finite log and a finite, large error rather than a certain collapse.

export const TREND_YEARS = 3;
/** A year counts when the customer bought in at least this many of its quarters' span (first purchase on). */
const MIN_EXPOSURE_QUARTERS = 2;
/** Floor of the variance factor: even a customer with one same-sized order every quarter is not exact. */
const MIN_DISPERSION = 0.05;

export interface YearTotal {
  from: string;
  to: string;
  orders: number;
  fen: number;
  /** Quarters of the year from the customer's first purchase on (4 for a whole year). */
  quarters: number;
}

export interface Trend {
  years: YearTotal[];
  /** Fitted yearly growth (exp(slope) - 1). */
  growth: number;
  /** Standard error of the log slope. */
  se: number;
  orders: number;
}

const qIndex = (q: string) => Number(q.slice(0, 4)) * 4 + Number(q.slice(-1)) - 1;
/** Quarter index of a date, by string arithmetic: this runs once per order of every customer of a region. */
const dateQIndex = (d: LocalDate) => Number(d.slice(0, 4)) * 4 + Math.floor((Number(d.slice(5, 7)) - 1) / 3);

/** Index of the trailing year (0 = the four quarters before `nowIdx`) a quarter falls in; -1 when current or later. */
const yearOf = (qi: number, nowIdx: number) => (qi >= nowIdx ? -1 : Math.floor((nowIdx - 1 - qi) / 4));

/** Up to `max` trailing years of four complete quarters, oldest first, ending with the quarter before `now`. */
export function trailingYears(rows: OrderRow[], now: string, first: LocalDate, max = TREND_YEARS): YearTotal[] {
  const nowIdx = qIndex(now);
  const firstQ = dateQIndex(first);
  const sums = Array.from({ length: max }, () => ({ orders: 0, fen: 0 }));
  for (const o of rows) {
    const k = yearOf(dateQIndex(o.date), nowIdx);
    if (k >= 0 && k < max) {
      sums[k]!.orders += 1;
      sums[k]!.fen += o.amountFen;
    }
  }
  const out: YearTotal[] = [];
  for (let k = 0; k < max; k++) {
    const quarters = Math.min(4, nowIdx - 4 * k - firstQ);
    if (quarters < MIN_EXPOSURE_QUARTERS) break;
    out.unshift({ from: shiftQuarter(now, -4 * (k + 1)), to: shiftQuarter(now, -4 * k - 1), ...sums[k]!, quarters });
  }
  return out;
}

/**
 * The variance factor d + c² of the standard error: d, the variance over mean of the order count per
 * quarter (1 for Poisson, 0 for one order every quarter); c², the squared coefficient of variation
 * of order amounts, each taken relative to its year's mean so the trend being estimated is not
 * counted as noise (0.2 with fewer than two orders).
 */
function dispersionOf(rows: OrderRow[], years: YearTotal[], nowIdx: number): number {
  const n = years.reduce((s, y) => s + y.quarters, 0);
  const counts = new Array<number>(n).fill(0);
  const inYears: Array<{ k: number; fen: number }> = [];
  for (const o of rows) {
    const qi = dateQIndex(o.date);
    const k = yearOf(qi, nowIdx);
    if (k < 0 || k >= years.length) continue;
    if (nowIdx - 1 - qi < n) counts[nowIdx - 1 - qi]! += 1;
    inYears.push({ k, fen: o.amountFen });
  }
  const countMean = counts.reduce((a, b) => a + b, 0) / n;
  const d = countMean === 0 || n < 2 ? 1 : counts.reduce((s, x) => s + (x - countMean) ** 2, 0) / (n - 1) / countMean;
  if (inYears.length < 2) return d + 0.2;
  // years are oldest first; k counts back from the latest.
  const mean = (k: number) => years[years.length - 1 - k]!.fen / Math.max(1, years[years.length - 1 - k]!.orders);
  const c2 = inYears.reduce((s, x) => s + (x.fen / mean(x.k) - 1) ** 2, 0) / (inYears.length - 1);
  return d + c2;
}

// Rounded so the verdict does not depend on the last bits of a float (scaling every amount by the
// same factor must not change a stage).
const round9 = (x: number) => Math.round(x * 1e9) / 1e9;

/** Weighted least squares of log(rate per quarter) on the year index; null with fewer than two years. */
export function fitTrend(years: YearTotal[], rows: OrderRow[]): Trend | null {
  if (years.length < 2) return null;
  const orders = years.reduce((s, y) => s + y.orders, 0);
  const mean = orders ? years.reduce((s, y) => s + y.fen, 0) / orders : 1;
  const nowIdx = qIndex(years[years.length - 1]!.to) + 1;
  const dispersion = Math.max(MIN_DISPERSION, dispersionOf(rows, years, nowIdx));
  // Each year's total in units of one average order, plus half an order.
  const units = years.map((y) => y.fen / mean + 0.5);
  const w = units.map((u) => u / dispersion);
  const x = years.map((_, i) => i);
  const y = units.map((u, i) => Math.log(u / years[i]!.quarters));
  const W = w.reduce((a, b) => a + b, 0);
  const xm = x.reduce((s, xi, i) => s + w[i]! * xi, 0) / W;
  const ym = y.reduce((s, yi, i) => s + w[i]! * yi, 0) / W;
  const sxx = x.reduce((s, xi, i) => s + w[i]! * (xi - xm) ** 2, 0);
  const sxy = x.reduce((s, xi, i) => s + w[i]! * (xi - xm) * (y[i]! - ym), 0);
  const slope = round9(sxy / sxx);
  return { years, growth: round9(Math.exp(slope) - 1), se: round9(Math.sqrt(1 / sxx)), orders };
}

/** The growth at `z` standard errors below and above the estimate. */
export function trendBounds(t: Trend, z: number): { low: number; high: number } {
  const slope = Math.log1p(t.growth);
  return { low: round9(Math.exp(slope - z * t.se) - 1), high: round9(Math.exp(slope + z * t.se) - 1) };
}
