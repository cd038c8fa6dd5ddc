import { customerBasis } from '../../domain/baseline.js';
import { groupBy } from '../../domain/collections.js';
import {
  completionByRep,
  NO_PACK_ITEMS,
  packRatesOf,
  type WeekCompletion,
  type WeekItem,
  weeklyCompletion,
} from '../../domain/completion.js';
import { addDays, type LocalDate } from '../../domain/dates.js';
import {
  type CustomerForecast,
  DEFAULT_FORECAST,
  type EffectEstimate,
  forecastCustomer,
  forecastRegion,
  type RegionForecast,
} from '../../domain/forecast.js';
import type { ReceivablesInput } from '../../domain/forecast-receivables.js';
import { type CustomerHeat, customerHeat, type HeatColour, type HeatGrid, type HeatItem, heatGridBuilder } from '../../domain/heat.js';
import type { Services } from '../../services.js';
import { loadReceivables } from './receivables.js';
import { type Calibration, cachedCalibration } from './region-backtest.js';
import { HEAT_LOOKBACK_DAYS, loadRegionWindow, type RegionWindow } from './region-window.js';

// Region-level figures of docs/method.md step 3. Heat and the forecast compute from a RegionWindow
// (region-window.ts: the windows of data they read, not the history); a week's completion from a
// window or a full RegionData. regionHeat / regionForecast / regionWeek load and compute; the chat
// commands and the Monday report call the *Of variants with a window they already loaded.

export interface RegionHeat {
  byCustomer: Map<number, CustomerHeat>;
  grid: HeatGrid;
  counts: Record<HeatColour, number>;
}

export { HEAT_LOOKBACK_DAYS };

/**
 * Heat as of the window's day. It looks at items due in the last HEAT_LOOKBACK_DAYS (30): it
 * shows what is slipping now. An item missed months ago can never be completed (its window
 * closed), so without a horizon one old miss would keep a customer red for good; old misses stay
 * visible in completion rates and profiles. Only open items already past due can be overdue, so
 * the window holds only those (RegionWindow.overdue).
 */
export function heatOf(w: RegionWindow): RegionHeat {
  const itemsBy = groupBy(w.overdue, (i) => i.customerId);
  const byCustomer = new Map<number, CustomerHeat>();
  const counts: Record<HeatColour, number> = { green: 0, yellow: 0, red: 0 };
  const grid = heatGridBuilder();
  const none: HeatItem[] = [];
  for (const c of w.customers) {
    const h = customerHeat({
      customer: c,
      items: itemsBy.get(c.id) ?? none,
      lastPackActionOn: w.lastPackAction.get(c.id) ?? null,
      today: w.today,
    });
    byCustomer.set(c.id, h);
    counts[h.colour] += 1;
    grid.add(c.id, c.stage, c.ownerId, h.colour);
  }
  return { byCustomer, grid: grid.build(), counts };
}

export function regionHeat(services: Services, regionId: number, today: LocalDate): RegionHeat | null {
  const w = loadRegionWindow(services, regionId, today);
  return w ? heatOf(w) : null;
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

/**
 * Per-customer 90-day forecasts as of the window's day, and their region roll-up (contributors,
 * risks, band). The calibration (effects and backtested error) comes from the whole region's
 * history, also for a rep's scoped window: see cachedCalibration. Heat only marks risks red:
 * 'no-heat' skips it for a caller that shows the total and band alone (the same figures).
 */
export function forecastOf(
  w: RegionWindow,
  cal: Calibration,
  heat?: RegionHeat | 'no-heat',
  receivables?: Map<number, ReceivablesInput>,
  horizonDays = DEFAULT_FORECAST.horizonDays,
): RegionForecastResult {
  // The window and the receivables must have been loaded for the same horizon (loadRegionWindow, loadReceivables).
  const cfg = { ...DEFAULT_FORECAST, horizonDays, effects: cal.effects };
  const noHistory = { firstOn: null, lastYearFen: 0, trailingFen: 0 };
  // With receivables (receivables.ts) a customer's forecast is built on them; without, on history.
  const forecasts = w.customers.map((c) =>
    forecastCustomer(
      {
        customerId: c.id,
        stage: c.stage,
        asOf: w.today,
        history: w.collections.get(c.id) ?? noHistory,
        completion: packRatesOf(w.pack.get(c.id) ?? NO_PACK_ITEMS),
        fallbackAnnualFen: customerBasis(c)?.fen ?? null,
        receivables: receivables?.get(c.id),
      },
      cfg,
    ),
  );
  // A view over the heat results, not a copied Map of 100,000 entries: forecastRegion only calls get().
  const byCustomer = heat === 'no-heat' ? new Map<number, CustomerHeat>() : (heat ?? heatOf(w)).byCustomer;
  const region = forecastRegion(forecasts, { mape: cal.mape, heat: { get: (id: number) => byCustomer.get(id)?.colour } });
  return { asOf: w.today, forecasts, region, effects: cal.effects, mape: cal.mape, backtestQuarters: cal.quarters };
}

export function regionForecast(services: Services, regionId: number, today: LocalDate): RegionForecastResult | null {
  const w = loadRegionWindow(services, regionId, today);
  return w
    ? forecastOf(w, cachedCalibration(services, regionId, today), undefined, loadReceivables(services, regionId, w.customers, today))
    : null;
}

export interface RegionWeek {
  week: LocalDate;
  /** Every rep of the region, nothing-due reps included with rate null. */
  byRep: Map<number, WeekCompletion>;
  region: WeekCompletion;
}

/** What weekOf reads: a RegionData (every item) or a RegionWindow (the items of its weeks). */
export interface WeekSource {
  reps: Array<{ id: number }>;
  items: WeekItem[];
  /** Set when items hold only these weeks (a RegionWindow). */
  weeks?: LocalDate[];
}

/** Completion of the ISO week starting `week` per rep and pooled over the region. */
export function weekOf(data: WeekSource, week: LocalDate): RegionWeek {
  // A window loaded without this week would silently report it as empty.
  if (data.weeks && !data.weeks.includes(week)) throw new Error(`week ${week} was not loaded`);
  const repIds = data.reps.map((r) => r.id);
  const reps = new Set(repIds);
  const end = addDays(week, 6);
  // Only the week's items matter; filtering first keeps a year of items out of the per-rep grouping.
  const items = data.items.filter((i) => i.dueDate >= week && i.dueDate <= end && reps.has(i.memberId));
  return { week, byRep: completionByRep(items, week, repIds), region: weeklyCompletion(items, week) };
}

export function regionWeek(services: Services, regionId: number, week: LocalDate): RegionWeek | null {
  const w = loadRegionWindow(services, regionId, services.today(), [week]);
  return w ? weekOf(w, week) : null;
}
