import { DEFAULT_HIGH_QUALITY_ACTIONS, type PackRates } from './completion.js';
import { addDays, type LocalDate } from './dates.js';
import { Forecast } from './forecast-parts.js';
import { newOrderCollections, ReceivablesForecast, type ReceivablesInput, receivablesPart } from './forecast-receivables.js';
import type { Stage } from './stages.js';
import type { OrderRow } from './types.js';

// The region roll-up and the effect re-estimation live beside this file; re-exported so callers
// keep one import.
export * from './forecast-effects.js';
export * from './forecast-region.js';

// 90-day collections forecast (预测回款引擎), docs/method.md step 3. Per customer:
//
//   total = base x stage factor x high-quality completion factor x ordinary completion factor
//
// - base: collections in the same window a year earlier (去年同期) and in the trailing window
//   (近 N 天), both windows as long as the horizon, so no length scaling is needed. Both known:
//   lastYearWeight (default 50%) of last year + the rest of trailing. One known: that one. A
//   window is "known" when the customer's first order is on or before the window's end, so a
//   seasonal customer with a real zero last year keeps it. No history: the rep's annual
//   estimate x horizon/365 when given, else 0. Only orders strictly before asOf are read.
// - completion factor: 1 + effect x (rate - referenceRate). The effects are the article's
//   midpoints (high-quality technical exchange +17-23% -> 20%; ordinary visit +5-8% -> 6.5%),
//   read as "doing all of these actions vs none". History already reflects the completion the
//   team had before (the article's 58%), so only the difference from that reference moves the
//   number. A rate that is null (nothing was due) leaves the factor at 1.
// - Rounded to whole 分 once, at the end of each customer, so a region total is an exact sum.

export interface EffectSizes {
  highQuality: number;
  ordinary: number;
}

export const ARTICLE_EFFECTS: EffectSizes = Object.freeze({ highQuality: 0.2, ordinary: 0.065 });

export interface ForecastConfig {
  horizonDays: number;
  lastYearWeight: number;
  stageFactors: Record<Stage, number>;
  effects: EffectSizes;
  referenceRate: number;
  /** Pack actions that count as high-quality exchanges; all other pack actions are ordinary. */
  highQualityActions: string[];
}

// Frozen: labels are memoised per config object, so a config must not change once used.
export const DEFAULT_FORECAST: ForecastConfig = Object.freeze({
  horizonDays: 90,
  lastYearWeight: 0.5,
  stageFactors: Object.freeze({ incubating: 0.6, growing: 1.15, stable: 1.0, declining: 0.7 }),
  effects: ARTICLE_EFFECTS,
  referenceRate: 0.58,
  highQualityActions: DEFAULT_HIGH_QUALITY_ACTIONS,
});

export type { PackRates };

export type ForecastPart = { label: string; fen: number } | { label: string; factor: number };

export interface CustomerForecast {
  customerId: number;
  totalFen: number;
  /** The history base before any factor (rounded), the customer's own baseline for risk. */
  baseFen: number;
  /** base x stage factor, before completion (rounded): what estimateEffectSizes compares to. */
  expectedFen: number;
  /** The breakdown, in order: history windows, base, stage factor, completion factors, total. */
  readonly parts: ForecastPart[];
}

/** What the base reads of a customer's collections before asOf (see collectionHistory). */
export interface CollectionHistory {
  /** Date of the first collection before asOf; null when there is none. */
  firstOn: LocalDate | null;
  /** Sum over the same window a year earlier [yearEarlier(asOf), + horizon - 1]. */
  lastYearFen: number;
  /** Sum over the trailing window [asOf - horizon, asOf - 1]. */
  trailingFen: number;
}

export interface CustomerForecastInput {
  customerId: number;
  stage: Stage;
  /** The customer's orders/collections; those on or after asOf are ignored. */
  orders?: OrderRow[];
  /**
   * The same history already summed (a large region sums in SQL, see region-window.repo.ts);
   * when given, `orders` is not read. Must equal collectionHistory(orders, asOf, horizon).
   */
  history?: CollectionHistory;
  /** First day of the forecast window. */
  asOf: LocalDate;
  completion?: PackRates | null;
  /** Rep's estimate of annual potential, used only when there is no history. */
  fallbackAnnualFen?: number | null;
  /**
   * Open receivables, order history and lag curve (forecast-receivables.ts): when given, the
   * forecast is built on receivables; without (a team whose orders carry no receivables) it is the
   * collection-history forecast below.
   */
  receivables?: ReceivablesInput | null;
}

/** The same date a year earlier (29 Feb -> 28 Feb). */
export function yearEarlier(d: LocalDate): LocalDate {
  const prev = `${Number(d.slice(0, 4)) - 1}${d.slice(4)}`;
  return prev.endsWith('-02-29') ? prev.replace(/-29$/, '-28') : prev;
}

function sumIn(orders: OrderRow[], from: LocalDate, to: LocalDate): number {
  return orders.reduce((s, o) => (o.date >= from && o.date <= to ? s + o.amountFen : s), 0);
}

export interface BaseWindows {
  lastYear: { from: LocalDate; to: LocalDate };
  trailing: { from: LocalDate; to: LocalDate };
}

// A region's forecast asks for the same windows once per customer; the last answer is kept,
// compared field by field (a string key would cost an allocation per customer).
let lastWindows: { asOf: LocalDate; horizonDays: number; w: BaseWindows } | null = null;

/** The two history windows of a forecast from asOf: [from, to] inclusive, both `horizonDays` long. */
export function baseWindows(asOf: LocalDate, horizonDays: number): BaseWindows {
  if (lastWindows !== null && lastWindows.asOf === asOf && lastWindows.horizonDays === horizonDays) return lastWindows.w;
  const lyStart = yearEarlier(asOf);
  const w = {
    lastYear: { from: lyStart, to: addDays(lyStart, horizonDays - 1) },
    trailing: { from: addDays(asOf, -horizonDays), to: addDays(asOf, -1) },
  };
  lastWindows = { asOf, horizonDays, w };
  return w;
}

/** Sums a customer's collections over the history windows; only orders strictly before asOf count. */
export function collectionHistory(orders: OrderRow[], asOf: LocalDate, horizonDays: number): CollectionHistory {
  const past = orders.filter((o) => o.date < asOf);
  const w = baseWindows(asOf, horizonDays);
  return {
    firstOn: past.reduce<LocalDate | null>((m, o) => (m === null || o.date < m ? o.date : m), null),
    lastYearFen: sumIn(past, w.lastYear.from, w.lastYear.to),
    trailingFen: sumIn(past, w.trailing.from, w.trailing.to),
  };
}

interface HistoryTerms {
  lastYear: number | null;
  trailing: number | null;
  base: number;
  annual: number;
}

function historyTerms(input: CustomerForecastInput, cfg: ForecastConfig): HistoryTerms {
  const h = cfg.horizonDays;
  const hist = input.history ?? collectionHistory(input.orders ?? [], input.asOf, h);
  const first = hist.firstOn;
  const lyEnd = baseWindows(input.asOf, h).lastYear.to;
  const lastYear = first !== null && first <= lyEnd ? hist.lastYearFen : null;
  const trailing = first !== null ? hist.trailingFen : null;
  const annual = input.fallbackAnnualFen ?? 0;
  if (lastYear !== null && trailing !== null) {
    const w = cfg.lastYearWeight;
    return { lastYear, trailing, base: w * lastYear + (1 - w) * trailing, annual };
  }
  if (lastYear !== null || trailing !== null) return { lastYear, trailing, base: (lastYear ?? trailing) as number, annual };
  return { lastYear, trailing, base: (annual * h) / 365, annual };
}

function completionFactor(rate: number | null, effect: number, ref: number): number {
  return rate === null ? 1 : 1 + effect * (rate - ref);
}

const NO_RATES: PackRates = { highQuality: null, ordinary: null };

export function forecastCustomer(input: CustomerForecastInput, cfg: ForecastConfig = DEFAULT_FORECAST): CustomerForecast {
  if (input.receivables) return forecastOnReceivables(input, input.receivables, cfg);
  const { lastYear, trailing, base, annual } = historyTerms(input, cfg);
  const stageFactor = cfg.stageFactors[input.stage];
  const rates = input.completion ?? NO_RATES;
  const hq = completionFactor(rates.highQuality, cfg.effects.highQuality, cfg.referenceRate);
  const ord = completionFactor(rates.ordinary, cfg.effects.ordinary, cfg.referenceRate);
  const totalFen = Math.max(0, Math.round(base * stageFactor * hq * ord));
  const terms = {
    lastYear,
    trailing,
    annual,
    stage: input.stage,
    stageFactor,
    hqRate: rates.highQuality,
    hq,
    ordRate: rates.ordinary,
    ord,
  };
  return new Forecast(input.customerId, totalFen, Math.round(base), Math.round(base * stageFactor), terms, cfg);
}

// ---- Region roll-up ----------------------------------------------------------------------

function forecastOnReceivables(input: CustomerForecastInput, r: ReceivablesInput, cfg: ForecastConfig): CustomerForecast {
  const h = cfg.horizonDays;
  const stageFactor = cfg.stageFactors[input.stage];
  const rates = input.completion ?? NO_RATES;
  const hq = completionFactor(rates.highQuality, cfg.effects.highQuality, cfg.referenceRate);
  const ord = completionFactor(rates.ordinary, cfg.effects.ordinary, cfg.referenceRate);
  const owed = receivablesPart(r, h);
  const fresh = newOrderCollections(r, h, stageFactor, input.fallbackAnnualFen ?? 0);
  const newOrdersFen = fresh.fen * hq * ord;
  const totalFen = Math.max(0, Math.round(owed.fen + newOrdersFen));
  // The risk list compares with the customer's own collection history, as without receivables.
  const baseFen = input.orders || input.history ? Math.round(historyTerms(input, cfg).base) : totalFen;
  const terms = {
    openFen: owed.openFen,
    receivablesFen: owed.fen,
    newOrdersFen,
    trend: fresh.trend,
    stage: input.stage,
    hqRate: rates.highQuality,
    hq,
    ordRate: rates.ordinary,
    ord,
    curveSource: r.curve.source,
  };
  return new ReceivablesForecast(input.customerId, totalFen, baseFen, Math.round(owed.fen + fresh.fen), terms, cfg);
}
