import type { LagObservation, Ledger } from './forecast-ledger.js';

// How long this team's customers take to pay: the order-to-collection lag curve learned from the
// receivables ledger (forecast-ledger.ts), for the receivables forecast (forecast-receivables.ts,
// docs/numbers.md "90-day collections forecast").

export { type LagObservation, type Ledger, ledgerOf, type OpenReceivable } from './forecast-ledger.js';

/** P(lag > t days): the amount still unpaid t days after the order, as a fraction. */
export interface LagCurve {
  survival(t: number): number;
  source: 'customer' | 'stage' | 'region' | 'default';
  /** Pieces (customer: paid orders) the curve was learned from. */
  n: number;
  /** P(paid within 90 days | unpaid OLD_AGE days or more): the region's, for pieces older than a curve can tell (lateRate). */
  late: number;
}

/**
 * A piece unpaid this long is read with the region's late rate, not its curve: a customer's own
 * curve has rarely seen a lag this long (its tail is flat, so its conditional reads 0), and an old
 * piece is paid by the customer's next payments that match no order exactly (forecast-ledger.ts),
 * whatever their own orders' lags.
 */
export const OLD_AGE = 180;
/** The documented late rate until the region has LAG_MIN.late pieces at risk at OLD_AGE days: a quarter of it per 90 days. */
export const DEFAULT_LATE = 0.25;

/**
 * Kaplan-Meier by amount: pieces still open are censored at their age, so recent orders that have
 * not been paid yet do not make the team look faster than it is. The curve never reaches zero when
 * part of the money was never collected.
 */
export function learnCurve(obs: LagObservation[], source: LagCurve['source'], n = obs.length, late = DEFAULT_LATE): LagCurve {
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
  return { source, n, late, survival: (t) => stepAt(ts, ss, t) };
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
  late: DEFAULT_LATE,
  survival: (t: number) => (t < 30 ? 1 : t >= 120 ? 0 : (120 - t) / 90),
});

/** Evidence needed before a pool's or a customer's own curve is used. */
export const LAG_MIN = { pool: 20, customer: 3, customerWeight: 4, late: 20 };

/**
 * A customer's curve: its own, shrunk towards the pool by its number of paid orders n against
 * LAG_MIN.customerWeight (n / (n + 4) own), once it has LAG_MIN.customer paid orders; else the pool.
 */
export function customerCurve(ledger: Ledger, pool: LagCurve): LagCurve {
  const n = ledger.paidOrders;
  if (n < LAG_MIN.customer) return pool;
  const own = learnCurve(ledger.observations, 'customer', n);
  const w = n / (n + LAG_MIN.customerWeight);
  return { source: 'customer', n, late: pool.late, survival: (t) => w * own.survival(t) + (1 - w) * pool.survival(t) };
}

/** The pool for a stage: the stage's own pieces when enough, else the region's, else the default. */
export function poolCurves<K>(obsByKey: Map<K, LagObservation[]>): (key: K) => LagCurve {
  const all = [...obsByKey.values()].flat();
  const paid = (xs: LagObservation[]) => xs.filter((o) => o.collected).length;
  const late = lateRate(all);
  const region =
    paid(all) >= LAG_MIN.pool
      ? learnCurve(all, 'region', all.length, late)
      : late === DEFAULT_LATE
        ? DEFAULT_LAG
        : { ...DEFAULT_LAG, late };
  const byKey = new Map<K, LagCurve>();
  for (const [k, xs] of obsByKey) if (paid(xs) >= LAG_MIN.pool) byKey.set(k, learnCurve(xs, 'stage', xs.length, late));
  return (k) => byKey.get(k) ?? region;
}

/**
 * The region's late rate: of the amount still unpaid OLD_AGE days after its order, the share
 * collected within the next 90 days, by Kaplan-Meier over the region's pieces (a piece still open
 * is censored, so the recent ones count only as far as they are known). DEFAULT_LATE until
 * LAG_MIN.late pieces were at risk at that age.
 */
export function lateRate(obs: LagObservation[]): number {
  const atRisk = obs.filter((o) => o.days >= OLD_AGE);
  if (atRisk.length < LAG_MIN.late) return DEFAULT_LATE;
  const c = learnCurve(atRisk, 'region');
  return 1 - c.survival(OLD_AGE + 89);
}
