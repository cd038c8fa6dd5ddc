import { type WeeklyReportData, weeklyReportCard } from '../../../cards/report.js';
import type { CardReply } from '../../core/reply.js';
import { addDays, isoWeek, localDateOf, weekStart } from '../../domain/dates.js';
import type { Services } from '../../services.js';
import { regionGroups } from '../delivery/recipients.js';
import type { OutMessage } from '../delivery/types.js';
import { loadReceivables } from '../metrics/receivables.js';
import { cachedCalibration } from '../metrics/region-backtest.js';
import { forecastOf, heatOf, type RegionHeat, weekOf } from '../metrics/region-metrics.js';
import { loadRegionWindow, type RegionWindow } from '../metrics/region-window.js';
import { missingArrangementYear } from './calendar-notice.js';
import { sentWarningReps, warningConfig, warningsFor, warningWeeks } from './warnings.js';

// The Monday stand-up card (周一晨会) of docs/method.md step 3: its figures, from the same region
// metrics as /heat, /forecast and /team; cards/report.ts words them.

const TREND_WEEKS = 6;

export interface WeeklyReport {
  regionId: number;
  regionName: string;
  /** ISO week the report is for (the week it is posted in), e.g. '2026-W48'. */
  week: string;
  card: CardReply;
}

/** The report for a region as of `at` (last week's completion, this week's load); null when the region has no reps. */
export function buildWeeklyReport(services: Services, regionId: number, at: Date): WeeklyReport | null {
  const today = localDateOf(at, services.config.TEAM_TIMEZONE);
  const thisWeek = weekStart(today);
  const lastWeek = addDays(thisWeek, -7);
  const trendWeeks = Array.from({ length: TREND_WEEKS }, (_, i) => addDays(lastWeek, -7 * (TREND_WEEKS - 1 - i)));
  // One windowed load for the whole card: the weeks it shows and the weeks the warning rule reads.
  const weeks = [thisWeek, ...trendWeeks, ...warningWeeks(thisWeek, warningConfig(services.config))];
  const data = loadRegionWindow(services, regionId, today, weeks);
  if (!data || data.reps.length === 0) return null;
  const last = weekOf(data, lastWeek);
  const now = weekOf(data, thisWeek);
  const trend = trendWeeks.map((w) => weekOf(data, w).region.rate);
  const heat = heatOf(data);
  const cfg = warningConfig(services.config);
  // A warning sent this week stays on the report though a late log may have lifted the rate since.
  const sent = sentWarningReps(services, isoWeek(thisWeek));
  const warnedIds = new Set(warningsFor(data, thisWeek, cfg).map((w) => w.repId));
  const warned = data.reps.filter((r) => warnedIds.has(r.id) || sent.has(r.id));
  return {
    regionId,
    regionName: data.region.name,
    week: isoWeek(today),
    card: weeklyReportCard({
      region: data.region.name,
      week: isoWeek(today),
      lastWeek,
      lastRegion: last.region,
      trend: { weeks: trendWeeks, rates: trend },
      heat: heatFigures(services, data, heat),
      forecast: forecastOf(
        data,
        cachedCalibration(services, data.region.id, data.today),
        heat,
        loadReceivables(services, data.region.id, data.customers, data.today),
      ).region,
      warnings: {
        streak: cfg.streak,
        threshold: cfg.threshold,
        count: warned.length,
        names: services.config.REPORT_SHOW_WARNING_NAMES ? warned.map((r) => (sent.has(r.id) ? `${r.name}（已发预警）` : r.name)) : null,
      },
      reps: data.reps.map((r) => ({ name: r.name, last: last.byRep.get(r.id), now: now.byRep.get(r.id) })),
      arrangementMissingYear: missingArrangementYear(services.calendar, today),
    }),
  };
}

/** The heat counts and the first red customers' names (only those are looked up). */
function heatFigures(services: Services, data: RegionWindow, heat: RegionHeat): WeeklyReportData['heat'] {
  const red = data.customers.filter((c) => heat.byCustomer.get(c.id)?.colour === 'red').map((c) => c.id);
  const names = services.repos.customers.namesOf(red.slice(0, 5));
  return { counts: heat.counts, red: red.slice(0, 5).map((id) => names.get(id) ?? ''), redTotal: red.length };
}

/** Key of a region's report on one platform for one ISO week: one post per group per week. */
export function weeklyReportKey(regionId: number, week: string, platform: string): string {
  return `weekly-report:${regionId}:${week}:${platform}`;
}

/** The report messages for one region, one per bound group on a configured platform. */
export function weeklyReportMessages(services: Services, regionId: number, at: Date): OutMessage[] {
  const report = buildWeeklyReport(services, regionId, at);
  if (!report) return [];
  return regionGroups(services, regionId).map((g) => ({
    key: weeklyReportKey(regionId, report.week, g.platform),
    platform: g.platform,
    target: g.target,
    reply: report.card,
  }));
}
