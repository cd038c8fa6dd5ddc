import { daysBetween, type LocalDate } from './dates.js';
import type { OrderRow } from './types.js';

// How long this team's customers take to pay: the receivables ledger (orders matched to
// collections oldest first) and the order-to-collection lag curve learned from it, for the
// receivables forecast (forecast-receivables.ts, docs/numbers.md "90-day collections forecast").

/** An order not (fully) collected by asOf: what is still open of it and its age in days. */
export interface OpenReceivable {
  date: LocalDate;
  fen: number;
  ageDays: number;
}

/** One matched piece for the lag curve: collected after `days` (event) or still open at that age. */
export interface LagObservation {
  days: number;
  fen: number;
  collected: boolean;
}

export interface Ledger {
  open: OpenReceivable[];
  observations: LagObservation[];
  /** Orders of the customer with at least one collected piece: the evidence behind its own curve. */
  paidOrders: number;
}

const byDate = (a: OrderRow, b: OrderRow) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);

/**
 * Matches a customer's collections to its orders oldest first (FIFO, as a ledger would), using only
 * rows dated before asOf. A collection larger than every open order (an advance, a row keyed to an
 * order outside the data) leaves a credit that pays the next orders.
 */
export function ledgerOf(purchases: OrderRow[], collections: OrderRow[], asOf: LocalDate, learnFrom?: LocalDate): Ledger {
  const ords = purchases.filter((o) => o.date < asOf && o.amountFen > 0).sort(byDate);
  const cols = collections.filter((o) => o.date < asOf && o.amountFen > 0).sort(byDate);
  const observations: LagObservation[] = [];
  const open: OpenReceivable[] = [];
  let paidOrders = 0;
  let ci = 0;
  let colLeft = cols[0]?.amountFen ?? 0;
  for (const o of ords) {
    let left = o.amountFen;
    let paid = false;
    while (left > 0 && ci < cols.length) {
      const take = Math.min(left, colLeft);
      const c = cols[ci]!;
      // A collection dated before its order is an advance: lag 0. An opening balance (a row
      // standing for older orders, dated before learnFrom) has no real date to learn a lag from.
      if (learnFrom === undefined || o.date >= learnFrom)
        observations.push({ days: Math.max(0, daysBetween(o.date, c.date)), fen: take, collected: true });
      paid = true;
      left -= take;
      colLeft -= take;
      if (colLeft === 0) colLeft = cols[++ci]?.amountFen ?? 0;
    }
    if (paid && (learnFrom === undefined || o.date >= learnFrom)) paidOrders += 1;
    if (left > 0) {
      const ageDays = daysBetween(o.date, asOf);
      open.push({ date: o.date, fen: left, ageDays });
      // Known only to be later than the day before asOf: censored at age - 1.
      if (learnFrom === undefined || o.date >= learnFrom) observations.push({ days: ageDays - 1, fen: left, collected: false });
    }
  }
  return { open, observations, paidOrders };
}

/** P(lag > t days): the amount still unpaid t days after the order, as a fraction. */
export interface LagCurve {
  survival(t: number): number;
  source: 'customer' | 'stage' | 'region' | 'default';
  /** Pieces (customer: paid orders) the curve was learned from. */
  n: number;
}

/**
 * Kaplan-Meier by amount: pieces still open are censored at their age, so recent orders that have
 * not been paid yet do not make the team look faster than it is. The curve never reaches zero when
 * part of the money was never collected.
 */
export function learnCurve(obs: LagObservation[], source: LagCurve['source'], n = obs.length): LagCurve {
  const sorted = [...obs].sort((a, b) => a.days - b.days || Number(b.collected) - Number(a.collected));
  let atRisk = sorted.reduce((s, o) => s + o.fen, 0);
  const ts: number[] = [];
  const ss: number[] = [];
  let s = 1;
  for (let i = 0; i < sorted.length; ) {
    const t = sorted[i]!.days;
    let events = 0;
    let leaving = 0;
    for (; i < sorted.length && sorted[i]!.days === t; i++) {
      if (sorted[i]!.collected) events += sorted[i]!.fen;
      leaving += sorted[i]!.fen;
    }
    if (events > 0 && atRisk > 0) {
      s *= 1 - events / atRisk;
      ts.push(t);
      ss.push(s);
    }
    atRisk -= leaving;
  }
  return { source, n, survival: (t) => stepAt(ts, ss, t) };
}

function stepAt(ts: number[], ss: number[], t: number): number {
  let lo = 0;
  let hi = ts.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ts[mid]! <= t) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best < 0 ? 1 : ss[best]!;
}

/**
 * The documented default until the team has history: payment spread evenly from 30 to 120 days
 * after the order (the usual B2B terms of docs/method.md's customers), everything collected.
 */
export const DEFAULT_LAG: LagCurve = Object.freeze({
  source: 'default' as const,
  n: 0,
  survival: (t: number) => (t < 30 ? 1 : t >= 120 ? 0 : (120 - t) / 90),
});

/** Evidence needed before a pool's or a customer's own curve is used. */
export const LAG_MIN = { pool: 20, customer: 3, customerWeight: 4 };

/**
 * A customer's curve: its own, shrunk towards the pool by its number of paid orders n against
 * LAG_MIN.customerWeight (n / (n + 4) own), once it has LAG_MIN.customer paid orders; else the pool.
 */
export function customerCurve(ledger: Ledger, pool: LagCurve): LagCurve {
  const n = ledger.paidOrders;
  if (n < LAG_MIN.customer) return pool;
  const own = learnCurve(ledger.observations, 'customer', n);
  const w = n / (n + LAG_MIN.customerWeight);
  return { source: 'customer', n, survival: (t) => w * own.survival(t) + (1 - w) * pool.survival(t) };
}

/** The pool for a stage: the stage's own pieces when enough, else the region's, else the default. */
export function poolCurves<K>(obsByKey: Map<K, LagObservation[]>): (key: K) => LagCurve {
  const all = [...obsByKey.values()].flat();
  const paid = (xs: LagObservation[]) => xs.filter((o) => o.collected).length;
  const region = paid(all) >= LAG_MIN.pool ? learnCurve(all, 'region') : DEFAULT_LAG;
  const byKey = new Map<K, LagCurve>();
  for (const [k, xs] of obsByKey) if (paid(xs) >= LAG_MIN.pool) byKey.set(k, learnCurve(xs, 'stage'));
  return (k) => byKey.get(k) ?? region;
}
