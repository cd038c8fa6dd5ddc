import { daysBetween, type LocalDate } from './dates.js';
import type { OrderRow } from './types.js';

// The receivables ledger: a customer's orders matched to its collections, what is still open and
// the lags it shows, for the lag curve (forecast-lags.ts) and the receivables forecast
// (forecast-receivables.ts, docs/numbers.md "90-day collections forecast").

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
 * Matches a customer's collections to its orders, using only rows dated before asOf, as a
 * receivables ledger auto-matches: a collection of exactly the amount of an order placed on or
 * before it, still wholly open, pays that order (the oldest such); any other collection pays the
 * oldest open orders first (FIFO). A collection larger than every open order (an advance, a row
 * keyed to an order outside the data) leaves a credit that pays the next orders. Without the exact
 * match one order never paid (a dispute, a bad debt) absorbs every later payment: each later order
 * looks paid one order late and the unpaid amount sits on the newest orders for good, where the
 * forecast expects it within weeks (docs/numbers.md "What the error is made of").
 */
export function ledgerOf(purchases: OrderRow[], collections: OrderRow[], asOf: LocalDate, learnFrom?: LocalDate): Ledger {
  const ords = purchases.filter((o) => o.date < asOf && o.amountFen > 0).sort(byDate);
  const cols = collections.filter((o) => o.date < asOf && o.amountFen > 0).sort(byDate);
  const left = ords.map((o) => o.amountFen);
  const observations: LagObservation[] = [];
  // A collection dated before its order is an advance: lag 0. An opening balance (a row standing
  // for older orders, dated before learnFrom) has no real date to learn a lag from.
  const learns = (i: number) => learnFrom === undefined || ords[i]!.date >= learnFrom;
  const pay = (i: number, c: OrderRow, fen: number) => {
    left[i]! -= fen;
    if (learns(i)) observations.push({ days: Math.max(0, daysBetween(ords[i]!.date, c.date)), fen, collected: true });
  };
  let first = 0;
  const index = ords.length > SCAN_MAX ? amountIndex(ords) : null;
  for (const c of cols) {
    const exact = exactOrder(ords, left, first, c, index);
    if (exact >= 0) pay(exact, c, c.amountFen);
    let amount = exact >= 0 ? 0 : c.amountFen;
    for (let i = first; amount > 0 && i < ords.length; i++) {
      const take = Math.min(left[i]!, amount);
      if (take > 0) pay(i, c, take);
      amount -= take;
    }
    while (first < ords.length && left[first] === 0) first++;
  }
  const open: OpenReceivable[] = [];
  let paidOrders = 0;
  ords.forEach((o, i) => {
    // Paid at least in part: something was taken off it.
    if (left[i]! < o.amountFen && learns(i)) paidOrders += 1;
    if (left[i]! > 0) {
      const ageDays = daysBetween(o.date, asOf);
      open.push({ date: o.date, fen: left[i]!, ageDays });
      // Known only to be later than the day before asOf: censored at age - 1.
      if (learns(i)) observations.push({ days: ageDays - 1, fen: left[i]!, collected: false });
    }
  });
  return { open, observations, paidOrders };
}

/** Below this many orders a scan is cheaper than an index (most customers: a region forecast builds one ledger each). */
const SCAN_MAX = 64;

/** Orders by amount, oldest first, with how many of each list are known touched; for a customer with many orders. */
interface AmountIndex {
  byAmount: Map<number, number[]>;
  skipped: Map<number, number>;
}

function amountIndex(ords: OrderRow[]): AmountIndex {
  const byAmount = new Map<number, number[]>();
  ords.forEach((o, i) => {
    const list = byAmount.get(o.amountFen);
    if (list) list.push(i);
    else byAmount.set(o.amountFen, [i]);
  });
  return { byAmount, skipped: new Map() };
}

/**
 * The order a collection pays in full by its amount: the oldest order placed on or before it whose
 * whole amount is still open and equals the collection, or -1. Orders before `first` are paid.
 */
function exactOrder(ords: OrderRow[], left: number[], first: number, c: OrderRow, index: AmountIndex | null): number {
  const fen = c.amountFen;
  if (index === null) {
    for (let i = first; i < ords.length && ords[i]!.date <= c.date; i++) if (ords[i]!.amountFen === fen && left[i] === fen) return i;
    return -1;
  }
  const list = index.byAmount.get(fen);
  if (!list) return -1;
  // Orders of this amount already touched (paid, or partly paid oldest first) never match again.
  let k = index.skipped.get(fen) ?? 0;
  while (k < list.length && left[list[k]!] !== fen) k++;
  index.skipped.set(fen, k);
  const i = list[k];
  return i !== undefined && ords[i]!.date <= c.date ? i : -1;
}
