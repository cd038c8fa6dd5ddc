import { groupBy } from '../../domain/collections.js';
import { addDays, type LocalDate } from '../../domain/dates.js';
import { yearEarlier } from '../../domain/forecast.js';
import { customerCurve, type LagObservation, ledgerOf, poolCurves } from '../../domain/forecast-lags.js';
import { type ReceivablesInput, receivablesInput } from '../../domain/forecast-receivables.js';
import type { Stage } from '../../domain/stages.js';
import type { OrderRow } from '../../domain/types.js';
import type { Services } from '../../services.js';

// The live forecast's receivables (docs/numbers.md "90-day collections forecast"): each customer's
// open orders and lag curve as of today, from the region's last two years of orders and
// collections plus each customer's balance before them, so what was owed earlier still counts
// without reading the whole history on a request.

export const RECEIVABLES_YEARS = 2;

/** The balance before the window as one row just before it: an order still owed, or a credit. */
function opening(balance: number | undefined, from: LocalDate, customerId: number): { order?: OrderRow; credit?: OrderRow } {
  if (!balance) return {};
  const row = { customerId, date: addDays(from, -1), amountFen: Math.abs(balance) };
  return balance > 0 ? { order: row } : { credit: row };
}

export interface ReceivablesData {
  purchases: OrderRow[];
  collections: OrderRow[];
}

/** Receivables inputs for the customers that have purchase orders; the others keep the history forecast. */
export function receivablesOf(
  data: ReceivablesData,
  customers: Array<{ id: number; stage: Stage }>,
  today: LocalDate,
  horizonDays: number,
  learnFrom?: LocalDate,
): Map<number, ReceivablesInput> {
  const purchasesBy = groupBy(data.purchases, (o) => o.customerId);
  const collectionsBy = groupBy(data.collections, (o) => o.customerId);
  const ledgers = new Map<number, ReturnType<typeof ledgerOf>>();
  const obs = new Map<Stage, LagObservation[]>();
  for (const c of customers) {
    const p = purchasesBy.get(c.id);
    if (!p?.some((o) => o.date < today)) continue;
    const l = ledgerOf(p, collectionsBy.get(c.id) ?? [], today, learnFrom);
    ledgers.set(c.id, l);
    const list = obs.get(c.stage) ?? [];
    for (const o of l.observations) list.push(o);
    obs.set(c.stage, list);
  }
  const pool = poolCurves(obs);
  const lyFrom = yearEarlier(today);
  const out = new Map<number, ReceivablesInput>();
  for (const c of customers) {
    const l = ledgers.get(c.id);
    if (l) out.set(c.id, receivablesInput(purchasesBy.get(c.id)!, l.open, today, horizonDays, lyFrom, customerCurve(l, pool(c.stage))));
  }
  return out;
}

/** Loads the region's last RECEIVABLES_YEARS years of orders and collections and builds the inputs. */
export function loadReceivables(
  services: Services,
  regionId: number,
  customers: Array<{ id: number; stage: Stage }>,
  today: LocalDate,
  horizonDays = 90,
): Map<number, ReceivablesInput> {
  const from = addDays(today, -365 * RECEIVABLES_YEARS);
  const orders = services.repos.orders;
  const purchases = orders.inRegion(regionId, 'order', from);
  if (purchases.length === 0) return new Map();
  const collections = orders.inRegion(regionId, 'collection', from);
  for (const [customerId, balance] of orders.balancesBefore(regionId, from)) {
    const o = opening(balance, from, customerId);
    if (o.order) purchases.push(o.order);
    if (o.credit) collections.push(o.credit);
  }
  return receivablesOf({ purchases, collections }, customers, today, horizonDays, from);
}
