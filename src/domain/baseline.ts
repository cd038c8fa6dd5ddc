import { addDays, type LocalDate, quarterOf, quarterStart, shiftQuarter } from './dates.js';

// A customer's baseline (docs/method.md step 1b, docs/numbers.md "One baseline"): its orders over
// the trailing four complete quarters wherever it has order history, else what the team declared
// (the import's 基线金额). The rep's potential is used only where the baseline is 0. The split,
// the battle map, the dashboard, the exports and the forecast's no-history base all read this one
// number, so a promoted customer can never show 0 in one place and its history in another.

export interface DateSpan {
  from: LocalDate;
  to: LocalDate;
}

/** The four complete quarters before today's quarter, e.g. 2025-10-01..2026-09-30 on 2026-11-26. */
export function baselineWindow(today: LocalDate): DateSpan {
  const current = quarterOf(today);
  return { from: quarterStart(shiftQuarter(current, -4)), to: addDays(quarterStart(current), -1) };
}

/**
 * The baseline from a customer's orders (purchase orders, not collections): the window's sum when
 * the customer has any order up to the window's end, else `declaredFen` (no history yet).
 */
export function baselineFromOrders(orders: Array<{ date: LocalDate; amountFen: number }>, today: LocalDate, declaredFen: number): number {
  const w = baselineWindow(today);
  if (!orders.some((o) => o.date <= w.to)) return declaredFen;
  return orders.reduce((s, o) => (o.date >= w.from && o.date <= w.to ? s + o.amountFen : s), 0);
}

export type BasisSource = 'baseline' | 'potential';

/** What a share or a no-history forecast is proportional to: the baseline, else the potential; null when neither. */
export function customerBasis(c: { baselineFen: number; potentialFen: number | null }): { fen: number; source: BasisSource } | null {
  if (c.baselineFen > 0) return { fen: c.baselineFen, source: 'baseline' };
  if (c.potentialFen !== null && c.potentialFen > 0) return { fen: c.potentialFen, source: 'potential' };
  return null;
}
