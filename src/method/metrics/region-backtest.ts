import { type BacktestInput, type BacktestResult, backtest, forecastQuarters, type TargetSource } from '../../domain/backtest.js';
import type { ItemsAt } from '../../domain/backtest-replay.js';
import { groupBy } from '../../domain/collections.js';
import { addDays, type LocalDate, quarterEnd, quarterOf, quarterStart, shiftQuarter } from '../../domain/dates.js';
import type { EffectEstimate } from '../../domain/forecast.js';
import { type StageAgreement, stageAgreement } from '../../domain/stage-agreement.js';
import { suggestStage } from '../../domain/stage-suggest.js';
import type { TargetSplit } from '../../domain/target-split.js';
import type { Services } from '../../services.js';
import { suggestConfig } from '../stages/suggest.js';
import type { RegionData } from './region-data.js';

// Builds the backtest's inputs from a region's data. Used by `npm run backtest` (the reported
// error) and by the live forecast (its band and its effect sizes), so both read history the same way.

/** What the forecast replay reads of a region's data (a large region's calibration loads only this). */
export type ReplaySource = Pick<RegionData, 'collections' | 'purchases' | 'facts' | 'stageHistory' | 'items' | 'logs'>;

/** Quarters to replay: from the one after the first collection to the last complete quarter. */
export function historyQuarters(data: Pick<RegionData, 'collections'>, today: LocalDate): string[] {
  const first = data.collections.reduce<LocalDate | null>((m, o) => (m === null || o.date < m ? o.date : m), null);
  if (first === null) return [];
  const out: string[] = [];
  const last = shiftQuarter(quarterOf(today), -1);
  for (let q = shiftQuarter(quarterOf(first), 1); q <= last; q = shiftQuarter(q, 1)) out.push(q);
  return out;
}

const sumIn = (data: RegionData, ids: Set<number> | null, from: LocalDate, to: LocalDate) =>
  data.collections.reduce((s, o) => (o.date >= from && o.date <= to && (!ids || ids.has(o.customerId)) ? s + o.amountFen : s), 0);

/**
 * The region's target for a quarter: an explicit quarter target, else a quarter of the year's,
 * else (no target on file for that year) the collections of the same quarter a year earlier.
 */
function regionQuarterTarget(services: Services, data: RegionData, quarter: string): number {
  const regions = services.repos.regions;
  const explicit = regions.target(data.region.id, quarter);
  if (explicit !== null) return explicit;
  const year = regions.target(data.region.id, quarter.slice(0, 4));
  if (year !== null) return Math.round(year / 4);
  const ly = shiftQuarter(quarter, -4);
  return sumIn(data, null, quarterStart(ly), quarterEnd(ly));
}

/**
 * A rep's published target for a quarter: the latest published split of the quarter, else a
 * quarter of the latest published split of the year. Null when neither was published.
 */
export function publishedTargets(services: Services, regionId: number, quarter: string): Record<number, number> | null {
  const q = services.repos.targets.latest(regionId, quarter, true);
  const y = q ? null : services.repos.targets.latest(regionId, quarter.slice(0, 4), true);
  const v = q ?? y;
  if (!v) return null;
  const split = JSON.parse(v.splitJson) as TargetSplit;
  return Object.fromEntries(split.reps.map((r) => [r.repId, q ? r.targetFen : Math.round(r.targetFen / 4)]));
}

export interface RepTargets {
  targets: Record<string, Record<number, number>>;
  sources: Record<string, TargetSource>;
}

/**
 * Per-rep quarter targets for the early-warning check: the split the team published for the
 * quarter (or its year) where there is one; else derived, the old way (按历史比例): the region's
 * quarter target shared by each rep's share of the four quarters before it (reps with no history
 * share evenly). The report says how many rep-quarters used which.
 */
export function repTargets(services: Services, data: RegionData, quarters: string[]): RepTargets {
  const targets: Record<string, Record<number, number>> = {};
  const sources: Record<string, TargetSource> = {};
  for (const q of quarters) {
    const published = publishedTargets(services, data.region.id, q);
    sources[q] = published ? 'published' : 'derived';
    targets[q] = published ?? derivedTargets(services, data, q);
  }
  return { targets, sources };
}

/** The derived targets alone (kept for callers that want the old way). */
export function repQuarterTargets(services: Services, data: RegionData, quarters: string[]): Record<string, Record<number, number>> {
  return Object.fromEntries(quarters.map((q) => [q, derivedTargets(services, data, q)]));
}

function derivedTargets(services: Services, data: RegionData, q: string): Record<number, number> {
  const total = regionQuarterTarget(services, data, q);
  const from = quarterStart(shiftQuarter(q, -4));
  const to = addDays(quarterStart(q), -1);
  const regionPast = sumIn(data, null, from, to);
  const row: Record<number, number> = {};
  for (const rep of data.reps) {
    const ids = new Set(data.customers.filter((c) => c.ownerId === rep.id).map((c) => c.id));
    const share = regionPast > 0 ? sumIn(data, ids, from, to) / regionPast : 1 / Math.max(1, data.reps.length);
    row[rep.id] = Math.round(total * share);
  }
  return row;
}

export function backtestInput(
  data: ReplaySource,
  quarters: string[],
  targets: BacktestInput['targetsByRepQuarter'],
  sources?: Record<string, TargetSource>,
): BacktestInput {
  return {
    orders: data.collections,
    purchases: data.purchases,
    customers: data.facts,
    stageHistory: data.stageHistory,
    items: data.items,
    logs: data.logs,
    targetsByRepQuarter: targets,
    targetSources: sources,
    quarters,
  };
}

export function runRegionBacktest(services: Services, data: RegionData, today: LocalDate): BacktestResult {
  const quarters = historyQuarters(data, today);
  const t = repTargets(services, data, quarters);
  return backtest(backtestInput(data, quarters, t.targets, t.sources));
}

/** The stage suggestion as of today against the stages the team confirmed (each customer's current stage). */
export function suggestionAgreement(services: Services, data: RegionData, today: LocalDate): StageAgreement {
  const byCustomer = groupBy(data.purchases, (o) => o.customerId);
  const cfg = suggestConfig(services);
  return stageAgreement(
    data.customers.map((c) => ({ confirmed: c.stage, suggestion: suggestStage(byCustomer.get(c.id) ?? [], today, cfg, c.stage) })),
  );
}

export interface Calibration {
  /** Backtested MAPE over the complete quarters; null before there is one. */
  mape: number | null;
  effects: EffectEstimate;
  quarters: number;
}

/**
 * The live forecast's band and effect sizes. The current quarter is appended to the replay only
 * to read the effects estimated from every complete quarter before it; its partial actuals are
 * left out of the MAPE. A large region streams its items (itemsAt, calibration-replay.ts) instead
 * of holding data.items and data.logs.
 */
export function calibrate(data: ReplaySource, today: LocalDate, itemsAt?: ItemsAt): Calibration {
  const hist = historyQuarters(data, today);
  // The forecast replay alone (no warning replay): calibrate reads only the quarters' errors and effects.
  const rows = forecastQuarters(backtestInput(data, [...hist, quarterOf(today)], {}), itemsAt);
  const apes = rows
    .slice(0, hist.length)
    .map((q) => q.ape)
    .filter((x): x is number => x !== null);
  const mape = apes.length ? apes.reduce((a, b) => a + b, 0) / apes.length : null;
  return { mape, effects: rows[rows.length - 1]!.effects, quarters: hist.length };
}

// The stored calibration and what a request reads: calibration-store.ts.
export { type CalibrationRead, cachedCalibration, calibrationFor, NO_HISTORY, refreshCalibration } from './calibration-store.js';
