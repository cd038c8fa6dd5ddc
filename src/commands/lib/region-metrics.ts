import { completionByRep, packRates, weeklyCompletion, type WeekCompletion } from '../../domain/completion.js';
import { addDays, type LocalDate } from '../../domain/dates.js';
import {
  DEFAULT_FORECAST, forecastCustomer, forecastRegion,
  type CustomerForecast, type EffectEstimate, type RegionForecast,
} from '../../domain/forecast.js';
import { customerHeat, heatGrid, type CustomerHeat, type HeatColour, type HeatGrid } from '../../domain/heat.js';
import type { Services } from '../../services.js';
import { cachedCalibration, calibrate, type Calibration } from './region-backtest.js';
import { groupBy, loadRegionData, type RegionData } from './region-data.js';

// Region-level figures of METHOD.md step 3, computed from a RegionData. The Monday report job
// calls regionHeat / regionForecast / regionWeek; the chat commands call the *Of variants with
// data they already loaded.

export interface RegionHeat {
  byCustomer: Map<number, CustomerHeat>;
  grid: HeatGrid;
  counts: Record<HeatColour, number>;
}

/** Latest valid log per customer of an action in the customer's CURRENT stage pack. */
function lastPackActions(data: RegionData): Map<number, LocalDate> {
  const stageOfAction = new Map(data.actions.map((a) => [a.code, a.stage]));
  const stageOf = new Map(data.customers.map((c) => [c.id, c.stage]));
  const out = new Map<number, LocalDate>();
  for (const l of data.logs) {
    if (l.status !== 'valid' || stageOfAction.get(l.actionCode) !== stageOf.get(l.customerId)) continue;
    const prev = out.get(l.customerId);
    if (prev === undefined || l.occurredOn > prev) out.set(l.customerId, l.occurredOn);
  }
  return out;
}

/**
 * Heat looks at items due in the last 30 days: it shows what is slipping now. An item missed
 * months ago can never be completed (its window closed), so without a horizon one old miss would
 * keep a customer red for good; old misses stay visible in completion rates and profiles.
 */
export const HEAT_LOOKBACK_DAYS = 30;

export function heatOf(data: RegionData, today: LocalDate): RegionHeat {
  const since = addDays(today, -HEAT_LOOKBACK_DAYS);
  // Only open items already past due can be overdue; the rest cannot change a colour.
  const itemsBy = groupBy(data.items.filter((i) => i.dueDate >= since && i.dueDate < today && i.status === 'open'), (i) => i.customerId);
  const last = lastPackActions(data);
  const byCustomer = new Map<number, CustomerHeat>();
  const counts: Record<HeatColour, number> = { green: 0, yellow: 0, red: 0 };
  for (const c of data.customers) {
    const h = customerHeat({ customer: c, items: itemsBy.get(c.id) ?? [], lastPackActionOn: last.get(c.id) ?? null, today });
    byCustomer.set(c.id, h);
    counts[h.colour] += 1;
  }
  const grid = heatGrid(data.customers.map((c) => ({ customerId: c.id, stage: c.stage, repId: c.ownerId, colour: byCustomer.get(c.id)!.colour })));
  return { byCustomer, grid, counts };
}

export function regionHeat(services: Services, regionId: number, today: LocalDate): RegionHeat | null {
  const data = loadRegionData(services, regionId);
  return data ? heatOf(data, today) : null;
}

export interface RegionForecastResult {
  asOf: LocalDate;
  forecasts: CustomerForecast[];
  region: RegionForecast;
  /** The effect sizes in use: the article's, or re-estimated from the team's history. */
  effects: EffectEstimate;
  /** Backtested MAPE behind the band; null until a complete quarter has been replayed. */
  mape: number | null;
  backtestQuarters: number;
}

/** Per-customer 90-day forecasts from today, and their region roll-up (contributors, risks, band). */
export function forecastOf(data: RegionData, today: LocalDate, heat?: RegionHeat, calibration?: Calibration): RegionForecastResult {
  // A rep's view passes the region's calibration: effects and error come from the whole team's history.
  const cal = calibration ?? calibrate(data, today);
  const cfg = { ...DEFAULT_FORECAST, effects: cal.effects };
  // packRates reads only the items due in the lookback window; grouping the rest is wasted work.
  const from = addDays(today, -cfg.horizonDays);
  const itemsBy = groupBy(data.items.filter((i) => i.dueDate >= from && i.dueDate < today), (i) => i.customerId);
  const ordersBy = groupBy(data.collections, (o) => o.customerId);
  const forecasts = data.customers.map((c) => forecastCustomer({
    customerId: c.id, stage: c.stage, orders: ordersBy.get(c.id) ?? [], asOf: today,
    completion: packRates(itemsBy.get(c.id) ?? [], today, cfg.horizonDays, cfg.highQualityActions),
    fallbackAnnualFen: c.potentialFen,
  }, cfg));
  const colours = new Map([...(heat ?? heatOf(data, today)).byCustomer].map(([id, h]) => [id, h.colour]));
  const region = forecastRegion(forecasts, { mape: cal.mape, heat: colours });
  return { asOf: today, forecasts, region, effects: cal.effects, mape: cal.mape, backtestQuarters: cal.quarters };
}

export function regionForecast(services: Services, regionId: number, today: LocalDate): RegionForecastResult | null {
  const data = loadRegionData(services, regionId);
  return data ? forecastOf(data, today, undefined, cachedCalibration(services, data, today)) : null;
}

export interface RegionWeek {
  week: LocalDate;
  /** Every rep of the region, nothing-due reps included with rate null. */
  byRep: Map<number, WeekCompletion>;
  region: WeekCompletion;
}

/** Completion of the ISO week starting `week` per rep and pooled over the region. */
export function weekOf(data: RegionData, week: LocalDate): RegionWeek {
  const repIds = data.reps.map((r) => r.id);
  const reps = new Set(repIds);
  const end = addDays(week, 6);
  // Only the week's items matter; filtering first keeps a year of items out of the per-rep grouping.
  const items = data.items.filter((i) => i.dueDate >= week && i.dueDate <= end && reps.has(i.memberId));
  return { week, byRep: completionByRep(items, week, repIds), region: weeklyCompletion(items, week) };
}

export function regionWeek(services: Services, regionId: number, week: LocalDate): RegionWeek | null {
  const data = loadRegionData(services, regionId);
  return data ? weekOf(data, week) : null;
}
