import { type CardReply, type Chart, card } from '../src/core/reply.js';
import { completionLine, percent, type WeekCompletion } from '../src/domain/completion.js';
import { addDays, type LocalDate } from '../src/domain/dates.js';
import type { RegionForecast } from '../src/domain/forecast.js';
import type { HeatColour } from '../src/domain/heat.js';
import { formatFen } from '../src/domain/money.js';
import { arrangementMissingLine } from './calendar.js';
import { monthDay } from './items.js';

// The Monday stand-up card (周一晨会) of docs/method.md step 3, posted to the region's group: every
// platform renders it, and the trend is a text sparkline so it reads the same in a card, a chat
// line or a terminal (Feishu also draws the chart).

const BARS = '▁▂▃▄▅▆▇█';
const RED_NAMES = 5;

/** '▂▄▆▅▇█ 58%→79%' on an absolute 0–100% scale ('·' for a week with nothing due). */
export function sparkline(rates: Array<number | null>): string {
  const bars = rates.map((r) => (r === null ? '·' : BARS[Math.min(7, Math.floor(r * 8))]!)).join('');
  const known = rates.filter((r): r is number => r !== null);
  if (known.length === 0) return `${bars} 暂无数据`;
  const first = percent(known[0]!);
  return known.length === 1 ? `${bars} ${first}` : `${bars} ${first}→${percent(known[known.length - 1]!)}`;
}

export interface WeeklyReportData {
  region: string;
  /** ISO week the report is for, e.g. '2026-W49'. */
  week: string;
  lastWeek: LocalDate;
  lastRegion: WeekCompletion;
  /** Mondays of the trend weeks, oldest first, and each week's region rate. */
  trend: { weeks: LocalDate[]; rates: Array<number | null> };
  heat: { counts: Record<HeatColour, number>; red: string[]; redTotal: number };
  forecast: Pick<RegionForecast, 'totalFen' | 'band'>;
  /** names: null when the group may see only a count (REPORT_SHOW_WARNING_NAMES off). */
  warnings: { streak: number; threshold: number; count: number; names: string[] | null };
  reps: Array<{ name: string; last: WeekCompletion | undefined; now: WeekCompletion | undefined }>;
  /** A year whose official holiday arrangement is not in the calendar yet (from 1 December), else null. */
  arrangementMissingYear?: number | null;
}

function heatLine(h: WeeklyReportData['heat']): string {
  const head = `客户热力：绿 ${h.counts.green} · 黄 ${h.counts.yellow} · 红 ${h.counts.red}`;
  if (h.redTotal === 0) return head;
  return `${head}（红：${h.red.slice(0, RED_NAMES).join('、')}${h.redTotal > RED_NAMES ? ` 等 ${h.redTotal} 家` : ''}）`;
}

function forecastLine(f: WeeklyReportData['forecast']): string {
  // A range, labelled as one: the band comes from the backtested error (or a default), it is not the error.
  const basis = f.band.basis === 'backtest' ? '按回测误差' : `默认 ±${percent(f.band.ratio)}`;
  return `未来 90 天预计回款：${formatFen(f.totalFen)}（区间 ${formatFen(f.band.lowFen)}–${formatFen(f.band.highFen)}，${basis}）`;
}

function warningLine(w: WeeklyReportData['warnings']): string {
  const rule = `连续 ${w.streak} 周完成率低于 ${percent(w.threshold)}`;
  if (w.count === 0) return `预警：无人${rule}`;
  // No public shaming by default: the group sees a count, the manager gets the names in a DM.
  if (!w.names) return `预警：${w.count} 人${rule}，主管已单独跟进`;
  return `预警（${rule}）：${w.names.join('、')}`;
}

/** The six-week trend as a chart (drawn on Feishu; the sparkline line carries it elsewhere). */
function trendChart(weeks: LocalDate[], rates: Array<number | null>, threshold: number): Chart {
  return {
    title: `近 ${weeks.length} 周完成率（%）`,
    kind: 'line',
    unit: '%',
    points: weeks.map((w, i) => ({ label: w.slice(5), value: rates[i] == null ? null : Math.round(rates[i]! * 100) })),
    threshold: { value: Math.round(threshold * 100), label: `预警线 ${Math.round(threshold * 100)}%` },
  };
}

const repLine = (c: WeekCompletion | undefined) => (c ? completionLine(c) : '上周无应完成事项');
const thisWeekLine = (c: WeekCompletion | undefined) => (!c || c.due === 0 ? '无' : `${c.due} 件（已完成 ${c.done}）`);

export function weeklyReportCard(d: WeeklyReportData): CardReply {
  // The region's rate is the headline only (with the week's dates): the lines say what it does not.
  const lines = [
    `近 ${d.trend.weeks.length} 周完成率：${sparkline(d.trend.rates)}`,
    heatLine(d.heat),
    forecastLine(d.forecast),
    warningLine(d.warnings),
  ];
  if (d.arrangementMissingYear != null) lines.push(arrangementMissingLine(d.arrangementMissingYear));
  const rate = d.lastRegion.rate;
  return card({
    title: `${d.region} · 周一晨会（${monthDay(addDays(d.lastWeek, 7))}）`,
    colour: 'blue',
    headline: {
      label: `上周（${d.lastWeek.slice(5)} 至 ${addDays(d.lastWeek, 6).slice(5)}）区域完成率`,
      value: rate === null ? '无应完成事项' : `${percent(rate)}（${d.lastRegion.done}/${d.lastRegion.due}）`,
      emphasis: rate === null ? 'grey' : rate < d.warnings.threshold ? 'red' : 'green',
    },
    lines,
    table: { columns: ['销售', '上周完成情况', '本周应完成'], rows: d.reps.map((r) => [r.name, repLine(r.last), thisWeekLine(r.now)]) },
    chart: trendChart(d.trend.weeks, d.trend.rates, d.warnings.threshold),
    note: '「上周该做的三件事做了几件」。发送 /我的 查看本周待办，完成后发送 /记录 <动作> <客户>。',
  });
}

/** /报告: the same card, shown only to the manager who asked, saying how to post it. */
export function weeklyReportPreview(c: CardReply): CardReply {
  return { ...c, title: `预览 · ${c.title}`, note: '这是预览，只有你能看到。发送 /报告 发布 立即发到区域群；每周一早上也会自动发送。' };
}
