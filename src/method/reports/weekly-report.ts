import { cachedCalibration } from '../metrics/region-backtest.js';
import { loadReceivables } from '../metrics/receivables.js';
import { forecastOf, heatOf, weekOf, type RegionHeat } from '../metrics/region-metrics.js';
import { loadRegionWindow, type RegionWindow } from '../metrics/region-window.js';
import { card, type CardReply, type Chart } from '../../core/reply.js';
import { completionLine, percent, type WeekCompletion } from '../../domain/completion.js';
import { addDays, isoWeek, localDateOf, weekStart, type LocalDate } from '../../domain/dates.js';
import { formatFen } from '../../domain/money.js';
import type { Services } from '../../services.js';
import { regionGroups } from '../delivery/recipients.js';
import type { OutMessage } from '../delivery/types.js';
import { warningConfig, warningsFor, warningWeeks } from './warnings.js';

// The Monday stand-up card (周一晨会) of docs/method.md step 3, as a neutral Reply: every platform
// renders it, and the trend is a text sparkline so it reads the same in a card, a chat line or a
// terminal. Built from the same region metrics as /heat, /forecast and /team.

const TREND_WEEKS = 6;
const BARS = '▁▂▃▄▅▆▇█';

/** '▂▄▆▅▇█ 58%→79%' on an absolute 0–100% scale ('·' for a week with nothing due). */
export function sparkline(rates: Array<number | null>): string {
  const bars = rates.map((r) => (r === null ? '·' : BARS[Math.min(7, Math.floor(r * 8))]!)).join('');
  const known = rates.filter((r): r is number => r !== null);
  if (known.length === 0) return `${bars} 暂无数据`;
  const first = percent(known[0]!);
  return known.length === 1 ? `${bars} ${first}` : `${bars} ${first}→${percent(known[known.length - 1]!)}`;
}

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
  const lines = [
    `上周（${lastWeek.slice(5)} 至 ${addDays(lastWeek, 6).slice(5)}）区域${completionLine(last.region, '')}`,
    `近 ${TREND_WEEKS} 周完成率：${sparkline(trend)}`,
    heatLine(services, data, heat),
    forecastLine(services, data, heat),
    warningLine(services, data, thisWeek),
  ];
  const rows = data.reps.map((r) => [r.name, repLine(last.byRep.get(r.id)), thisWeekLine(now.byRep.get(r.id))]);
  return {
    regionId, regionName: data.region.name, week: isoWeek(today),
    card: card({
      title: `${data.region.name} · 周一晨会（${isoWeek(today)}）`,
      colour: 'blue',
      lines,
      table: { columns: ['销售', '上周完成情况', '本周应完成'], rows },
      chart: trendChart(trendWeeks, trend, warningConfig(services.config).threshold),
      note: '「上周该做的三件事做了几件」。发送 /我的 查看本周待办，完成后发送 /记录 <动作> <客户>。',
    }),
  };
}

/** The six-week trend as a chart (drawn on Feishu; the sparkline line carries it elsewhere). */
function trendChart(weeks: LocalDate[], rates: Array<number | null>, threshold: number): Chart {
  return {
    title: `近 ${weeks.length} 周完成率（%）`, kind: 'line', unit: '%',
    points: weeks.map((w, i) => ({ label: w.slice(5), value: rates[i] == null ? null : Math.round(rates[i]! * 100) })),
    threshold: { value: Math.round(threshold * 100), label: `预警线 ${Math.round(threshold * 100)}%` },
  };
}

function repLine(c: WeekCompletion | undefined): string {
  return c ? completionLine(c) : '上周无应完成事项';
}

function thisWeekLine(c: WeekCompletion | undefined): string {
  if (!c || c.due === 0) return '无';
  return `${c.due} 件（已完成 ${c.done}）`;
}

function heatLine(services: Services, data: RegionWindow, heat: RegionHeat): string {
  const red = data.customers.filter((c) => heat.byCustomer.get(c.id)?.colour === 'red').map((c) => c.id);
  const head = `客户热力：绿 ${heat.counts.green} · 黄 ${heat.counts.yellow} · 红 ${heat.counts.red}`;
  if (red.length === 0) return head;
  const names = services.repos.customers.namesOf(red.slice(0, 5));
  const shown = red.slice(0, 5).map((id) => names.get(id) ?? '');
  return `${head}（红：${shown.join('、')}${red.length > 5 ? ` 等 ${red.length} 家` : ''}）`;
}

function forecastLine(services: Services, data: RegionWindow, heat: RegionHeat): string {
  const receivables = loadReceivables(services, data.region.id, data.customers, data.today);
  const f = forecastOf(data, cachedCalibration(services, data.region.id, data.today), heat, receivables).region;
  const basis = f.band.basis === 'backtest' ? '回测误差' : '默认区间';
  return `未来 90 天预计回款：${formatFen(f.totalFen)}（${basis} ${formatFen(f.band.lowFen)}–${formatFen(f.band.highFen)}）`;
}

function warningLine(services: Services, data: RegionWindow, thisWeek: LocalDate): string {
  const cfg = warningConfig(services.config);
  const warned = warningsFor(data, thisWeek, cfg);
  const rule = `连续 ${cfg.streak} 周完成率低于 ${percent(cfg.threshold)}`;
  if (warned.length === 0) return `预警：无人${rule}`;
  // No public shaming by default: the group sees a count, the manager gets the names in a DM.
  if (!services.config.REPORT_SHOW_WARNING_NAMES) return `预警：${warned.length} 人${rule}，主管已单独跟进`;
  const names = warned.map((w) => data.reps.find((r) => r.id === w.repId)?.name ?? `#${w.repId}`);
  return `预警（${rule}）：${names.join('、')}`;
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
    key: weeklyReportKey(regionId, report.week, g.platform), platform: g.platform, target: g.target, reply: report.card,
  }));
}

