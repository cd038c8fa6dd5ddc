import { addDays, type LocalDate } from './dates.js';
import type { DueItem } from './types.js';

// Weekly completion rate (docs/method.md step 3): over the due items whose due date falls in the ISO
// week, completed / due. Cancelled items are neither due nor done. "Done" is the item's status
// at evaluation time, so an item due last Tuesday and completed on Friday, or even late on the
// following Monday before the report runs, counts as done: the question the Monday report asks is
// "上周该做的三件事做了几件", not "were they on time". Lateness shows up in the heat map instead.

export interface WeekCompletion {
  due: number;
  done: number;
  /** done / due in [0, 1]; null when nothing was due (such a week has no rate). */
  rate: number | null;
}

/** The fields of a due item the weekly rate reads (a windowed loader fetches only these). */
export type WeekItem = Pick<DueItem, 'memberId' | 'status' | 'dueDate'>;

export function rateOf(due: number, done: number): number | null {
  return due === 0 ? null : done / due;
}

function inWeek(d: LocalDate, weekStart: LocalDate): boolean {
  return d >= weekStart && d <= addDays(weekStart, 6);
}

/** Completion over items due in the ISO week starting on weekStart (a Monday). */
export function weeklyCompletion(items: WeekItem[], weekStart: LocalDate): WeekCompletion {
  let due = 0;
  let done = 0;
  for (const item of items) {
    if (item.status === 'cancelled' || !inWeek(item.dueDate, weekStart)) continue;
    due += 1;
    if (item.status === 'done') done += 1;
  }
  return { due, done, rate: rateOf(due, done) };
}

/**
 * Completion per rep (item.memberId) for the week. Reps with nothing due are absent unless
 * listed in repIds, in which case they appear with due 0 and rate null.
 */
export function completionByRep(items: WeekItem[], weekStart: LocalDate, repIds: Iterable<number> = []): Map<number, WeekCompletion> {
  const listed = new Set(repIds);
  const byRep = new Map<number, WeekItem[]>();
  for (const id of listed) byRep.set(id, []);
  for (const item of items) {
    const list = byRep.get(item.memberId) ?? [];
    list.push(item);
    byRep.set(item.memberId, list);
  }
  const result = new Map<number, WeekCompletion>();
  for (const [repId, list] of [...byRep].sort((a, b) => a[0] - b[0])) {
    const c = weeklyCompletion(list, weekStart);
    if (c.due > 0 || listed.has(repId)) result.set(repId, c);
  }
  return result;
}

/**
 * A region's completion: the items of its reps pooled (not the mean of rep rates, so a rep
 * with one due item does not weigh as much as a rep with ten).
 */
export function regionCompletion(items: WeekItem[], weekStart: LocalDate, regionRepIds: Iterable<number>): WeekCompletion {
  const reps = new Set(regionRepIds);
  return weeklyCompletion(
    items.filter((i) => reps.has(i.memberId)),
    weekStart,
  );
}

export interface TrendPoint extends WeekCompletion {
  week: LocalDate;
}

/** Completion for each listed week, in the order given. */
export function completionTrend(items: WeekItem[], weekStarts: LocalDate[]): TrendPoint[] {
  return weekStarts.map((week) => ({ week, ...weeklyCompletion(items, week) }));
}

/** Rate as a whole percentage, e.g. 0.6 -> '60%'. */
export function percent(rate: number): string {
  return `${Math.round(rate * 100)}%`;
}

/**
 * The Monday-report line, e.g. '上周应完成 5 件，完成 3 件，60%'. Takes a WeekCompletion or the
 * two counts (due, done); `when` is the period word ('上周', '本周').
 */
export function completionLine(c: WeekCompletion, when?: string): string;
export function completionLine(due: number, done: number, when?: string): string;
export function completionLine(a: WeekCompletion | number, b?: string | number, c?: string): string {
  const wc = typeof a === 'number' ? { due: a, done: Number(b ?? 0), rate: rateOf(a, Number(b ?? 0)) } : a;
  const when = (typeof a === 'number' ? c : (b as string | undefined)) ?? '上周';
  if (wc.rate === null) return `${when}无应完成事项`;
  return `${when}应完成 ${wc.due} 件，完成 ${wc.done} 件，${percent(wc.rate)}`;
}

// Pack actions that count as high-quality exchanges for the forecast (the article's "高质量的技术
// 交流"): technical, executive and problem-solving actions. The rest (revisits, surveys, holiday
// care) are the article's ordinary visits.
export const DEFAULT_HIGH_QUALITY_ACTIONS = [
  'tech_qa',
  'trial_upgrade',
  'exec_visit',
  'competitor_report',
  'joint_case',
  'annual_review',
  'churn_interview',
  'improvement_proposal',
  'tech_support',
];

export interface PackRates {
  highQuality: number | null;
  ordinary: number | null;
}

/** Due and done counts of a customer's pack items, high-quality and ordinary apart. */
export interface PackCounts {
  hqDue: number;
  hqDone: number;
  ordDue: number;
  ordDone: number;
}

export const NO_PACK_ITEMS: Readonly<PackCounts> = { hqDue: 0, hqDone: 0, ordDue: 0, ordDone: 0 };

/**
 * The counts behind packRates, over the items due in [asOf - lookbackDays, asOf - 1]; cancelled
 * items are ignored. Split out so a large region can count in SQL and still share packRatesOf.
 */
export function packCounts(
  items: Array<Pick<DueItem, 'actionCode' | 'status' | 'dueDate'>>,
  asOf: LocalDate,
  lookbackDays = 90,
  highQualityActions: string[] = DEFAULT_HIGH_QUALITY_ACTIONS,
): PackCounts {
  const from = addDays(asOf, -lookbackDays);
  const c = { ...NO_PACK_ITEMS };
  for (const item of items) {
    if (item.status === 'cancelled' || item.dueDate < from || item.dueDate >= asOf) continue;
    const done = item.status === 'done' ? 1 : 0;
    if (highQualityActions.includes(item.actionCode)) {
      c.hqDue += 1;
      c.hqDone += done;
    } else {
      c.ordDue += 1;
      c.ordDone += done;
    }
  }
  return c;
}

export function packRatesOf(c: PackCounts): PackRates {
  return { highQuality: rateOf(c.hqDue, c.hqDone), ordinary: rateOf(c.ordDue, c.ordDone) };
}

/**
 * A customer's pack completion split into high-quality and ordinary actions, over the items due
 * in the lookback window [asOf - lookbackDays, asOf - 1]. Cancelled items are ignored; "done" is
 * the item's status as given, so a caller replaying history passes statuses as of asOf.
 */
export function packRates(
  items: Array<Pick<DueItem, 'actionCode' | 'status' | 'dueDate'>>,
  asOf: LocalDate,
  lookbackDays = 90,
  highQualityActions: string[] = DEFAULT_HIGH_QUALITY_ACTIONS,
): PackRates {
  return packRatesOf(packCounts(items, asOf, lookbackDays, highQualityActions));
}
