import { groupBy } from './collections.js';
import { type PackRates, packRates } from './completion.js';
import { addDays, daysBetween, type LocalDate } from './dates.js';
import { type CustomerForecast, type EffectEstimate, type ForecastConfig, forecastCustomer, yearEarlier } from './forecast.js';
import { customerCurve, type LagObservation, type Ledger, ledgerOf, poolCurves } from './forecast-lags.js';
import { receivablesInput } from './forecast-receivables.js';
import { applyMatches, rematch } from './matching.js';
import type { Stage } from './stages.js';
import { type StageChange, stageBefore } from './team-metrics.js';
import type { ActionLog, CustomerFacts, DueItem, OrderRow } from './types.js';

// The replay the backtest and the live calibration share: every customer forecast as of a day from
// data strictly before it (orders, collections, logs replayed with rematch, stage changes).

export interface ReplayData {
  customers: CustomerFacts[];
  /** Collections (回款). */
  orders: OrderRow[];
  /** Purchase orders (订单); when a customer has some, its forecast is built on receivables. */
  purchases?: OrderRow[];
  stageHistory: StageChange[];
  items: DueItem[];
  logs: ActionLog[];
}

export interface Replay {
  data: ReplayData;
  ordersBy: Map<number, OrderRow[]>;
  purchasesBy: Map<number, OrderRow[]>;
  /** Stage changes per customer: stageBefore scans the list it is given, once per customer. */
  historyBy: Map<number, StageChange[]>;
  fallbacks: Set<number>;
}

export function replayOf(data: ReplayData): Replay {
  return {
    data,
    ordersBy: groupBy(data.orders, (o) => o.customerId),
    purchasesBy: groupBy(data.purchases ?? [], (o) => o.customerId),
    historyBy: groupBy(data.stageHistory, (h) => h.customerId),
    fallbacks: new Set(),
  };
}

/**
 * Items with their statuses as they stood on the morning of `cutoff`: at least those due in
 * [from, cutoff), the ones forecastAll reads for a forecast from `cutoff` (packWindowStart). The
 * replay's own is itemsAsOf; a large region's calibration streams them instead (cutoffs ascending).
 */
export type ItemsAt = (cutoff: LocalDate, from: LocalDate) => PackItem[];

/** What forecastAll reads of an item: whose it is and what pack rates count. */
export type PackItem = Pick<DueItem, 'id' | 'customerId' | 'actionCode' | 'status' | 'dueDate'>;

/** Item statuses as they stood on the morning of `cutoff`. */
export function itemsAsOf(r: Replay, cutoff: LocalDate): DueItem[] {
  const logs = r.data.logs.filter((l) => l.occurredOn < cutoff);
  return applyMatches(r.data.items, rematch(r.data.items, logs));
}

export interface Forecasted {
  customer: CustomerFacts;
  forecast: CustomerForecast;
  rates: PackRates;
}

/**
 * The stage known before asOf. A customer whose history starts later and who had bought nothing
 * yet was not a customer then: its first recorded stage, not a fallback. Otherwise the current
 * stage, counted as a fallback, when the history does not reach back.
 */
export function stageAt(r: Replay, c: CustomerFacts, asOf: LocalDate): Stage {
  const history = r.historyBy.get(c.id) ?? [];
  const known = stageBefore(history, c.id, asOf);
  if (known !== null) return known;
  const first = history.reduce<StageChange | null>((m, h) => (m === null || h.at < m.at ? h : m), null);
  const bought = (r.purchasesBy.get(c.id) ?? r.ordersBy.get(c.id) ?? []).some((o) => o.date < asOf);
  if (first !== null && !bought) return first.to;
  r.fallbacks.add(c.id);
  return c.stage;
}

/** Ledgers of the customers with purchase orders before asOf, and the lag pools by stage. */
function ledgers(r: Replay, asOf: LocalDate, stages: Map<number, Stage>) {
  const out = new Map<number, Ledger>();
  const obs = new Map<Stage, LagObservation[]>();
  for (const c of r.data.customers) {
    const p = r.purchasesBy.get(c.id);
    if (!p?.some((o) => o.date < asOf)) continue;
    const l = ledgerOf(p, r.ordersBy.get(c.id) ?? [], asOf);
    out.set(c.id, l);
    const s = stages.get(c.id)!;
    const list = obs.get(s) ?? [];
    for (const o of l.observations) list.push(o);
    obs.set(s, list);
  }
  return { byCustomer: out, pool: poolCurves(obs) };
}

/** The first due date forecastAll's pack rates read for a forecast of [asOf, end]: their lookback is the horizon. */
export const packWindowStart = (asOf: LocalDate, end: LocalDate): LocalDate => addDays(asOf, -(daysBetween(asOf, end) + 1));

/** Forecast of every customer for [asOf, end], from data before asOf (items as of asOf). */
export function forecastAll(
  r: Replay,
  base: ForecastConfig,
  asOf: LocalDate,
  end: LocalDate,
  effects: EffectEstimate,
  items: PackItem[],
): Forecasted[] {
  const horizon = daysBetween(asOf, end) + 1;
  const fcfg = { ...base, horizonDays: horizon, effects };
  const itemsBy = groupBy(items, (i) => i.customerId);
  const stages = new Map(r.data.customers.map((c) => [c.id, stageAt(r, c, asOf)]));
  const led = ledgers(r, asOf, stages);
  const lyFrom = yearEarlier(asOf);
  return r.data.customers.map((c) => {
    const stage = stages.get(c.id)!;
    const rates = packRates(itemsBy.get(c.id) ?? [], asOf, horizon, fcfg.highQualityActions);
    const orders = r.ordersBy.get(c.id) ?? [];
    const l = led.byCustomer.get(c.id);
    const receivables = l
      ? receivablesInput(r.purchasesBy.get(c.id)!, l.open, asOf, horizon, lyFrom, customerCurve(l, led.pool(stage)))
      : null;
    const forecast = forecastCustomer({ customerId: c.id, stage, orders, asOf, completion: rates, receivables }, fcfg);
    return { customer: c, forecast, rates };
  });
}
