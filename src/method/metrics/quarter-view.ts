import type { Region } from '../../db/repos/regions.repo.js';
import { addDays, daysBetween, isoWeek, type LocalDate, quarterEnd, quarterOf, quarterStart, weekStart } from '../../domain/dates.js';
import type { RegionForecast } from '../../domain/forecast.js';
import type { Services } from '../../services.js';
import { canManage, regionSplit, type Scope } from '../access/scope.js';
import { sentWarningReps, warningConfig, warningsFor, warningWeeks } from '../reports/warnings.js';
import { loadReceivables } from './receivables.js';
import { cachedCalibration } from './region-backtest.js';
import { forecastOf, weekOf } from './region-metrics.js';
import { loadRegionWindow, type RegionWindow, scopeWindow } from './region-window.js';
import { collectedInQuarter, type QuarterTarget, quarterTarget } from './team-figures.js';

// The dashboard's first screen: the quarter's target, what is collected, the forecast and the gap,
// the reps on warning and this week. One number, one source: the target and collected are /团队's
// (quarterTarget, collectedInQuarter), the forecast is /预测's model (forecastOf on the region
// window with the cached calibration and the receivables) over the days left in the quarter, as the
// quarter-gap warning projects the rest of the quarter (forecastAll in backtest-replay.ts: horizon =
// days from the cutoff to the quarter's end), so the gap never adds collections due after the quarter.
// The warnings are the warning DM's rule (warningsFor). One region window per region.

/** Days from today to the quarter's last day, both included: the rest-of-quarter forecast's horizon. */
export const daysToQuarterEnd = (today: LocalDate): number => daysBetween(today, quarterEnd(quarterOf(today))) + 1;

/** target − collected − forecast, and the same over the forecast's band (a higher forecast, a smaller gap). */
export function quarterGap(
  targetFen: number | null,
  collectedFen: number,
  forecast: Pick<RegionForecast, 'totalFen' | 'band'>,
): { fen: number; lowFen: number; highFen: number } | null {
  if (targetFen === null) return null;
  const rest = targetFen - collectedFen;
  return { fen: rest - forecast.totalFen, lowFen: rest - forecast.band.highFen, highFen: rest - forecast.band.lowFen };
}

/** A rep's own quarter target: their line of the published split (a year's split counts a quarter of it). */
function repTarget(services: Services, region: Region, repId: number, today: LocalDate): QuarterTarget {
  const quarter = quarterOf(today);
  const none: QuarterTarget = { quarter, targetFen: null, source: null, yearFen: null };
  const split = regionSplit(services, region, true);
  const line = split?.split.reps.find((r) => r.repId === repId);
  if (!split || !line) return none;
  if (split.period === quarter) return { quarter, targetFen: line.targetFen, source: 'quarter', yearFen: null };
  if (split.period === today.slice(0, 4))
    return { quarter, targetFen: Math.round(line.targetFen / 4), source: 'year', yearFen: line.targetFen };
  return none;
}

function collected(services: Services, regionId: number, data: RegionWindow, today: LocalDate, scoped: boolean): number {
  const rows = services.repos.orders.inRegion(regionId, 'collection', quarterStart(quarterOf(today)));
  if (!scoped) return collectedInQuarter(rows, today);
  const mine = new Set(data.customers.map((c) => c.id));
  return collectedInQuarter(
    rows.filter((o) => mine.has(o.customerId)),
    today,
  );
}

function regionQuarter(services: Services, scope: Scope, region: Region, today: LocalDate) {
  const cfg = warningConfig(services.config);
  const thisWeek = weekStart(today);
  const lastWeek = addDays(thisWeek, -7);
  // warningWeeks holds last week and the weeks before it: the rule's weeks and the board's two.
  const horizon = daysToQuarterEnd(today);
  const full = loadRegionWindow(services, region.id, today, [thisWeek, ...warningWeeks(thisWeek, cfg)], horizon);
  if (!full) return null;
  const rep = scope.role === 'rep';
  const data = rep ? scopeWindow(full, scope.viewer) : full;
  // The total and band only: no heat (it marks the risks, which the first screen does not list).
  const forecast = forecastOf(
    data,
    cachedCalibration(services, region.id, today),
    'no-heat',
    loadReceivables(services, region.id, full.customers, today, horizon),
    horizon,
  ).region;
  const target = rep ? repTarget(services, region, scope.viewer.id, today) : quarterTarget(services, region.id, today);
  const collectedFen = collected(services, region.id, data, today, rep);
  // Whether the warning DM already went out this week: for the manager, who acts on it.
  const sent = canManage(scope) ? sentWarningReps(services, isoWeek(thisWeek)) : new Set<number>();
  const names = new Map(full.members.map((m) => [m.id, m.name]));
  return {
    regionId: region.id,
    region: region.name,
    target,
    collectedFen,
    forecast: { totalFen: forecast.totalFen, band: forecast.band, to: quarterEnd(quarterOf(today)) },
    gap: quarterGap(target.targetFen, collectedFen, forecast),
    warnings: warningsFor(data, thisWeek, cfg).map((w) => ({
      repId: w.repId,
      name: names.get(w.repId) ?? '',
      weeks: w.weeks,
      sent: sent.has(w.repId),
    })),
    thisWeek: weekOf(data, thisWeek).region,
    lastWeek: weekOf(data, lastWeek).region,
  };
}

export function quarterJson(services: Services, scope: Scope) {
  const today = services.today();
  const quarter = quarterOf(today);
  const cfg = warningConfig(services.config);
  const thisWeek = weekStart(today);
  return {
    today,
    quarter,
    from: quarterStart(quarter),
    to: quarterEnd(quarter),
    week: thisWeek,
    lastWeek: addDays(thisWeek, -7),
    horizonDays: daysToQuarterEnd(today),
    warningRule: { threshold: cfg.threshold, streak: cfg.streak },
    regions: scope.regions.map((r) => regionQuarter(services, scope, r, today)).filter((r) => r !== null),
  };
}
