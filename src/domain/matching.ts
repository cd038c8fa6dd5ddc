import { boundedMemo } from './collections.js';
import { addDays, isValidDate, type LocalDate, quarterEnd, quarterOf } from './dates.js';
import type { ActionLog, DueItem } from './types.js';

// Which due item does an action log complete (docs/method.md step 2, "Due items")?
//
// Rule, as implemented:
// 1. Only valid logs count; rejected (不合格) and voided logs complete nothing.
// 2. Candidates are the OPEN items of the same customer and action. The rep who logged does
//    not matter: a colleague's visit to the customer still happened.
// 3. A late action counts (docs/numbers.md, "A late log"): the oldest OVERDUE candidate (due date
//    before the log date) due in the log date's quarter wins, whether or not its window is still
//    open, and is completed late. Doing a missed action closes the miss, not next week's item.
// 4. Otherwise the earliest candidate whose window [windowStart, windowEnd] contains the log date.
// 5. Otherwise a log that comes BEFORE a window opens may complete that item, but only when the
//    log date lies inside the item's period (the calendar span its `period` key names, e.g. the
//    month '2026-11'). Among those, the earliest window wins. This lets a rep who visits on the
//    2nd get credit for an item planned for the 20th of the same month, but never for next month.
// 6. Period keys we cannot parse (holiday or on-entry items may use their own keys) give no
//    early credit: only rules 3 and 4 apply to them.
// "Earliest" means by windowStart, then dueDate, then id, so the result is deterministic.

export interface DateSpan {
  start: LocalDate;
  end: LocalDate;
}

const pad = (n: number) => String(n).padStart(2, '0');

function monthSpan(year: number, month: number, months: number): DateSpan {
  const start = `${year}-${pad(month)}-01`;
  const endMonthIdx = year * 12 + (month - 1) + months;
  const next = `${Math.floor(endMonthIdx / 12)}-${pad((endMonthIdx % 12) + 1)}-01`;
  return { start, end: addDays(next, -1) };
}

function isoWeekMonday(year: number, week: number): LocalDate {
  // 4 January is always in ISO week 1.
  const jan4 = `${year}-01-04`;
  const wd = new Date(`${jan4}T00:00:00Z`).getUTCDay() || 7;
  return addDays(jan4, 1 - wd + 7 * (week - 1));
}

/**
 * The calendar span a period key names: 'YYYY', 'YYYY-MM', 'YYYY-Qn', 'YYYY-Hn', 'YYYY-Www'
 * and 'YYYY-Www/n' (n weeks starting with ISO week ww, e.g. a biweekly period). Null otherwise.
 */
// A replay asks for the same few hundred periods millions of times (the backtest rematches every
// log of a region per quarter): each is parsed once. Bounded: cleared when full.
export const periodSpan: (period: string) => DateSpan | null = boundedMemo((period: string) => {
  const span = parsePeriod(period);
  return span && Object.freeze(span);
});

function parsePeriod(period: string): DateSpan | null {
  let m = /^(\d{4})$/.exec(period);
  if (m) return monthSpan(Number(m[1]), 1, 12);
  m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return monthSpan(Number(m[1]), Number(m[2]), 1);
  m = /^(\d{4})-Q([1-4])$/.exec(period);
  if (m) return monthSpan(Number(m[1]), (Number(m[2]) - 1) * 3 + 1, 3);
  m = /^(\d{4})-H([12])$/.exec(period);
  if (m) return monthSpan(Number(m[1]), (Number(m[2]) - 1) * 6 + 1, 6);
  m = /^(\d{4})-W(\d{2})(?:\/(\d+))?$/.exec(period);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 53) {
    const start = isoWeekMonday(Number(m[1]), Number(m[2]));
    const weeks = m[3] ? Math.max(1, Number(m[3])) : 1;
    return { start, end: addDays(start, 7 * weeks - 1) };
  }
  return null;
}

function byEarliest(a: DueItem, b: DueItem): number {
  if (a.windowStart !== b.windowStart) return a.windowStart < b.windowStart ? -1 : 1;
  if (a.dueDate !== b.dueDate) return a.dueDate < b.dueDate ? -1 : 1;
  return a.id - b.id;
}

function byOldestDue(a: DueItem, b: DueItem): number {
  if (a.dueDate !== b.dueDate) return a.dueDate < b.dueDate ? -1 : 1;
  return a.id - b.id;
}

export type Fit = 'late' | 'window' | 'early';

/** Whether the log could complete the item, ignoring the item's status. */
export function logFitsItem(log: ActionLog, item: DueItem): Fit | null {
  if (log.status !== 'valid') return null;
  if (item.customerId !== log.customerId || item.actionCode !== log.actionCode) return null;
  const d = log.occurredOn;
  if (item.dueDate < d && quarterOf(item.dueDate) === quarterOf(d)) return 'late';
  if (d >= item.windowStart && d <= item.windowEnd) return 'window';
  if (d >= item.windowStart) return null;
  const span = periodSpan(item.period);
  return span && d >= span.start && d <= span.end ? 'early' : null;
}

/** Whether a log dated `occurredOn` completes the item late (after its due date). */
export const isLate = (item: Pick<DueItem, 'dueDate'>, occurredOn: LocalDate) => item.dueDate < occurredOn;

/** Picks the item among candidates (all assumed available) that the log completes. */
function pick<T extends DueItem>(log: ActionLog, candidates: Iterable<T>): T | null {
  let late: T | null = null;
  let inWindow: T | null = null;
  let early: T | null = null;
  for (const item of candidates) {
    const fit = logFitsItem(log, item);
    if (fit === 'late' && (!late || byOldestDue(item, late) < 0)) late = item;
    if (fit === 'window' && (!inWindow || byEarliest(item, inWindow) < 0)) inWindow = item;
    if (fit === 'early' && (!early || byEarliest(item, early) < 0)) early = item;
  }
  return late ?? inWindow ?? early;
}

/** The open due item a new log completes, or null (rejected/voided logs match nothing). */
export function matchLog(log: ActionLog, items: DueItem[]): DueItem | null {
  return pick(
    log,
    items.filter((i) => i.status === 'open'),
  );
}

/**
 * Recomputes completion from scratch (after a log is rejected or undone): item id -> log id.
 * Logs are replayed in date order (then id), each taking the item matchLog would give it among
 * the items still free. Cancelled items never complete. Each log completes at most one item and
 * each item at most one log; the result does not depend on the input order.
 */
export function rematch(items: DueItem[], logs: ActionLog[]): Map<number, number> {
  const free = rematcher();
  for (const item of items) free.add(item);
  const ordered = logs.filter((l) => l.status === 'valid').sort(byLogOrder);
  const result = new Map<number, number>();
  for (const log of ordered) {
    const item = free.take(log);
    if (item) result.set(item.id, log.id);
  }
  return result;
}

/** The order rematch replays logs in: by date, then id. */
export const byLogOrder = (a: ActionLog, b: ActionLog) =>
  a.occurredOn !== b.occurredOn ? (a.occurredOn < b.occurredOn ? -1 : 1) : a.id - b.id;

/**
 * rematch one log at a time, for a replay that cannot hold every item (the calibration of a large
 * region, src/method/metrics/calibration-replay.ts): logs are given in byLogOrder, and an item
 * need only be added before the first log inside its fitSpan and may be removed after the last.
 */
export interface Rematcher<T extends DueItem> {
  /** Makes an item free to complete; cancelled items are ignored. */
  add(item: T): void;
  remove(item: Pick<DueItem, 'id' | 'customerId' | 'actionCode'>): void;
  /** The free item the log completes (no longer free afterwards), or null. */
  take(log: ActionLog): T | null;
}

export function rematcher<T extends DueItem = DueItem>(): Rematcher<T> {
  // Grouped by (customer, action) so a replay only scans the items a log could complete. The key
  // is a number (customer id and the action's index), not a string per item and per log: the
  // backtest replays a large region's millions of items and logs once per quarter.
  const actionIndex = new Map<string, number>();
  const keyOf = (customerId: number, code: string) => {
    let a = actionIndex.get(code);
    if (a === undefined) actionIndex.set(code, (a = actionIndex.size));
    return customerId * 4096 + a;
  };
  const free = new Map<number, Map<number, T>>();
  return {
    add(item) {
      if (item.status === 'cancelled') return;
      const key = keyOf(item.customerId, item.actionCode);
      let group = free.get(key);
      if (!group) free.set(key, (group = new Map<number, T>()));
      group.set(item.id, item);
    },
    remove(item) {
      const key = keyOf(item.customerId, item.actionCode);
      const group = free.get(key);
      if (group?.delete(item.id) && group.size === 0) free.delete(key);
    },
    take(log) {
      if (log.status !== 'valid') return null;
      const key = keyOf(log.customerId, log.actionCode);
      const group = free.get(key);
      const item = group ? pick(log, group.values()) : null;
      if (!item || !group) return null;
      group.delete(item.id);
      if (group.size === 0) free.delete(key);
      return item;
    },
  };
}

const validDate = boundedMemo(isValidDate);

/**
 * The dates a log can have and still fit the item (logFitsItem): from the earliest of its window,
 * its period and its due date (late) to the latest of its window's end and the end of its due
 * date's quarter (or its window's start, if later). A bound, not the exact set. Unbounded when a date of the item is not a valid date
 * (a hand edit), where the string comparisons of logFitsItem follow no calendar.
 */
export function fitSpan(item: Pick<DueItem, 'windowStart' | 'windowEnd' | 'dueDate' | 'period'>): DateSpan {
  if (!validDate(item.windowStart) || !validDate(item.windowEnd) || !validDate(item.dueDate)) return { start: '', end: '\uffff' };
  const lateEnd = quarterEnd(quarterOf(item.dueDate));
  let start = item.windowStart < item.dueDate ? item.windowStart : item.dueDate;
  let end = item.windowEnd > lateEnd ? item.windowEnd : lateEnd;
  // Early credit needs a log before the window opens, so the period extends only the start.
  const span = periodSpan(item.period);
  if (span && span.start < start) start = span.start;
  if (end < item.windowStart) end = item.windowStart;
  return { start, end };
}

/**
 * Applies a rematch result: matched items become done, the rest open; cancelled stay cancelled.
 * With the logs, each done item also says whether it was completed late.
 */
export function applyMatches(items: DueItem[], matches: Map<number, number>, logs?: ActionLog[]): DueItem[] {
  const dates = logs ? new Map(logs.map((l) => [l.id, l.occurredOn])) : null;
  return items.map((item) => {
    if (item.status === 'cancelled') return item;
    const logId = matches.get(item.id);
    // Unchanged items are shared, not copied: the backtest applies a replay to millions of items per quarter.
    if (!dates && item.status === (logId === undefined ? 'open' : 'done') && item.completedByLogId === (logId ?? null)) return item;
    if (logId === undefined) return { ...item, status: 'open', completedByLogId: null, ...(dates ? { completedLate: false } : {}) };
    const on = dates?.get(logId);
    return { ...item, status: 'done', completedByLogId: logId, ...(on !== undefined ? { completedLate: isLate(item, on) } : {}) };
  });
}
