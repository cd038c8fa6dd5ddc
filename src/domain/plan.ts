import type { WorkCalendar } from './calendar.js';
import { addDays, daysBetween, type LocalDate, weekStart } from './dates.js';
import type { ActionDef, Frequency } from './packs.js';
import { type PeriodKind, type Window, windowsFor } from './plan-windows.js';
import type { Stage } from './stages.js';
import type { DueItem } from './types.js';

// Turns action packs into dated due items (docs/method.md step 2, "Due items"): one item per
// (customer, action, period), each with a completion window and a planned due date on a working
// day, staggered so that the rep's weekly load is as even as the windows allow.

export type PlannedItem = Omit<DueItem, 'id' | 'status' | 'completedByLogId'>;
export interface PlanCustomer {
  id: number;
  stage: Stage;
  stageSince: LocalDate;
}

export interface GenerateInput {
  memberId: number;
  customers: PlanCustomer[];
  actions: ActionDef[];
  /** Frequencies the rep committed to instead of the pack's, keyed by frequencyKey(). */
  frequencyOverrides?: Record<string, Frequency>;
  from: LocalDate;
  to: LocalDate;
  calendar: WorkCalendar;
  /** Items already due per week (key: the week's Monday), e.g. the rep's other open items. */
  existingLoad?: Record<LocalDate, number>;
  /** dueItemKey()s planned by an earlier run: periods straddling two runs are planned only once. */
  existingKeys?: Iterable<string>;
}

export const frequencyKey = (customerId: number, actionCode: string) => `${customerId}:${actionCode}`;
export const dueItemKey = (customerId: number, actionCode: string, period: string) => `${customerId}|${actionCode}|${period}`;

/**
 * A window's working days grouped by ISO week (date order). Weeks and days also carry day numbers,
 * so the levelling loop below keys its load counters by number, not by date string.
 */
interface Candidates {
  days: LocalDate[];
  weeks: LocalDate[];
  byWeek: Map<LocalDate, LocalDate[]>;
  weekNums: number[];
  dayNums: number[][];
  rank: number;
}
interface Slot extends Window {
  customerId: number;
  actionCode: string;
  candidates: Candidates;
}

const dayNum = (d: LocalDate) => daysBetween('1970-01-05', d); // a Monday: weekNum = floor(dayNum / 7)

function workingDays(start: LocalDate, end: LocalDate, cal: WorkCalendar): LocalDate[] {
  const days: LocalDate[] = [];
  for (let d = start; d <= end; d = addDays(d, 1)) if (cal.isWorkingDay(d)) days.push(d);
  return days;
}

// The same windows recur for every customer of every rep (a month, a quarter), so their working
// days are computed once per calendar (calendars are immutable). Bounded: cleared when full.
const candidateCache = new WeakMap<WorkCalendar, Map<string, Candidates>>();
const CANDIDATE_CACHE_LIMIT = 20_000;

function candidatesOf(start: LocalDate, end: LocalDate, cal: WorkCalendar): Candidates {
  let cache = candidateCache.get(cal);
  if (!cache) candidateCache.set(cal, (cache = new Map()));
  const key = `${start}|${end}`;
  let c = cache.get(key);
  if (!c) {
    if (cache.size >= CANDIDATE_CACHE_LIMIT) cache.clear();
    const days = workingDays(start, end, cal);
    const byWeek = new Map<LocalDate, LocalDate[]>();
    for (const d of days) {
      const w = weekStart(d);
      const list = byWeek.get(w);
      if (list) list.push(d);
      else byWeek.set(w, [d]);
    }
    const weeks = [...byWeek.keys()];
    c = { days, weeks, byWeek, weekNums: weeks.map((w) => dayNum(w) / 7), dayNums: weeks.map((w) => byWeek.get(w)!.map(dayNum)), rank: 0 };
    cache.set(key, c);
  }
  return c;
}

/** Windows depend only on the frequency (and the entry date for entry kinds): shared across customers. */
function windowKey(f: Frequency, since: LocalDate): string {
  switch (f.kind) {
    case 'periodic':
      return `p:${f.period}:${f.times}`;
    case 'holiday':
      return `h:${f.holidays.join(',')}:${f.windowDays}`;
    default:
      return `${f.kind}:${f.withinDays}:${since}`;
  }
}

export function generateDueItems(input: GenerateInput): PlannedItem[] {
  const { from, to, calendar } = input;
  if (from > to) return [];
  // Within one call a (customer, action) never repeats a period, so keys are only needed to skip
  // what an earlier run planned; without those, no key strings are built at all.
  const seen = input.existingKeys ? new Set(input.existingKeys) : null;
  const overrides = input.frequencyOverrides;
  const slots: Slot[] = [];
  const windowCache = new Map<string, Window[]>();
  const windowCandidates = new Map<Window, Candidates>();
  for (const c of input.customers) {
    for (const a of input.actions) {
      if (a.stage !== c.stage) continue;
      const freq = (overrides ? overrides[frequencyKey(c.id, a.code)] : undefined) ?? a.frequency;
      if (!freq) continue;
      const wk = windowKey(freq, c.stageSince);
      let windows = windowCache.get(wk);
      if (!windows) windowCache.set(wk, (windows = windowsFor(freq, c.stageSince, from, to, calendar)));
      for (const w of windows) {
        if (seen) {
          const key = dueItemKey(c.id, a.code, w.period);
          if (seen.has(key)) continue;
          seen.add(key);
        }
        // Never planned before `from`; a window with no working day left has nothing to plan.
        let candidates = windowCandidates.get(w);
        if (!candidates) windowCandidates.set(w, (candidates = candidatesOf(w.start > from ? w.start : from, w.end, calendar)));
        // Explicit fields, not a spread: the spread was most of the time of a 100-customer plan.
        if (candidates.days.length > 0)
          slots.push({ period: w.period, start: w.start, end: w.end, customerId: c.id, actionCode: a.code, candidates });
      }
    }
  }
  return stagger(slots, input.memberId, input.existingLoad ?? {});
}

/**
 * Greedy levelling: the most constrained items (fewest weeks to choose from) go first; each goes
 * to the least-loaded week in its window (ties: the earliest), and inside that week to the
 * least-loaded day. Deterministic, so regenerating a plan gives the same dates.
 */
function stagger(slots: Slot[], memberId: number, existingLoad: Record<LocalDate, number>): PlannedItem[] {
  const weekLoad = new Map<number, number>();
  for (const [w, n] of Object.entries(existingLoad)) weekLoad.set(Math.floor(dayNum(w) / 7), n);
  const dayLoad = new Map<number, number>();
  rankWindows(slots);
  const ordered = slots
    .slice()
    .sort(
      (a, b) =>
        a.candidates.rank - b.candidates.rank || a.customerId - b.customerId || cmp(a.actionCode, b.actionCode) || cmp(a.period, b.period),
    );
  const placed: Array<{ day: number; item: PlannedItem }> = [];
  for (const s of ordered) {
    const { weekNums, dayNums, byWeek, weeks } = s.candidates;
    const wi = argMin(weekNums, weekLoad);
    const di = argMin(dayNums[wi]!, dayLoad);
    weekLoad.set(weekNums[wi]!, (weekLoad.get(weekNums[wi]!) ?? 0) + 1);
    dayLoad.set(dayNums[wi]![di]!, (dayLoad.get(dayNums[wi]![di]!) ?? 0) + 1);
    const day = byWeek.get(weeks[wi]!)![di]!;
    const item = {
      memberId,
      customerId: s.customerId,
      actionCode: s.actionCode,
      period: s.period,
      windowStart: s.start,
      windowEnd: s.end,
      dueDate: day,
    };
    placed.push({ day: dayNums[wi]![di]!, item });
  }
  // Sorted by day number: the same order as by date string, without comparing strings.
  placed.sort((a, b) => a.day - b.day || a.item.customerId - b.item.customerId || cmp(a.item.actionCode, b.item.actionCode));
  return placed.map((p) => p.item);
}

/**
 * The most constrained windows (fewest weeks) go first, then by end and start date. Windows are
 * shared by many slots, so they are ranked once and the slots sort on a number.
 */
function rankWindows(slots: Slot[]): void {
  const distinct = [...new Set(slots.map((s) => s.candidates))];
  const first = new Map<Candidates, Slot>();
  for (const s of slots) if (!first.has(s.candidates)) first.set(s.candidates, s);
  distinct.sort(
    (a, b) => a.weeks.length - b.weeks.length || cmp(first.get(a)!.end, first.get(b)!.end) || cmp(first.get(a)!.start, first.get(b)!.start),
  );
  distinct.forEach((c, i) => {
    c.rank = i;
  });
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Index of the least-loaded key (the first one on ties; keys are in date order). */
function argMin(keys: readonly number[], load: Map<number, number>): number {
  let best = 0;
  let bestLoad = load.get(keys[0]!) ?? 0;
  for (let i = 1; i < keys.length && bestLoad > 0; i++) {
    const v = load.get(keys[i]!) ?? 0;
    if (v < bestLoad) {
      best = i;
      bestLoad = v;
    }
  }
  return best;
}

export interface StageChangeInput {
  memberId: number;
  /** The rep's open due items (all customers): the customer's are cancelled, the rest are the load. */
  openItems: DueItem[];
  customerId: number;
  newStage: Stage;
  changeDate: LocalDate;
  /** End of the current plan range (e.g. the quarter's last day). */
  to: LocalDate;
  actions: ActionDef[];
  calendar: WorkCalendar;
  frequencyOverrides?: Record<string, Frequency>;
}

/**
 * A stage change replaces the customer's plan from the change date on: the old pack's open items
 * due on or after it are cancelled and the new pack is planned from it, which is also the "entering
 * the stage" date of the declining pack's on-entry actions (流失预警访谈 within 14 days of the change).
 * History is immutable (docs/numbers.md, "History"): an item already due keeps its status, so no
 * week before the change loses or gains an item and a warning already sent stays true.
 */
export function regenerateOnStageChange(input: StageChangeInput): { cancelIds: number[]; newItems: PlannedItem[] } {
  const open = input.openItems.filter((i) => i.status === 'open');
  const cancelIds = open.filter((i) => i.customerId === input.customerId && i.dueDate >= input.changeDate).map((i) => i.id);
  const load: Record<LocalDate, number> = {};
  for (const i of open) {
    if (i.customerId === input.customerId || i.memberId !== input.memberId) continue;
    const w = weekStart(i.dueDate);
    load[w] = (load[w] ?? 0) + 1;
  }
  const newItems = generateDueItems({
    memberId: input.memberId,
    actions: input.actions,
    calendar: input.calendar,
    frequencyOverrides: input.frequencyOverrides,
    customers: [{ id: input.customerId, stage: input.newStage, stageSince: input.changeDate }],
    from: input.changeDate,
    to: input.to,
    existingLoad: load,
  });
  return { cancelIds, newItems };
}

const PER_YEAR: Record<PeriodKind, number> = { biweek: 26, month: 12, quarter: 4, half: 2, year: 1 };

function perYear(f: Frequency): number {
  switch (f.kind) {
    case 'periodic':
      return f.times * PER_YEAR[f.period];
    case 'holiday':
      return new Set(f.holidays).size;
    case 'on_entry':
      return 0;
    case 'on_entry_then_monthly':
      return 12;
  }
}

const compare = (requested: number, base: number) => (requested > base ? 'raise' : requested < base ? 'lower' : 'same');

/**
 * How a requested frequency compares with the pack's. A rep may always raise; anything that is not
 * clearly a raise or the same counts as lower and needs the manager's approval (callers handle it).
 */
export function validateFrequencyChange(base: Frequency, requested: Frequency): 'raise' | 'same' | 'lower' {
  if (base.kind === 'periodic' && requested.kind === 'periodic') return compare(perYear(requested), perYear(base));
  if (base.kind === 'holiday' && requested.kind === 'holiday') {
    const covers = base.holidays.every((h) => requested.holidays.includes(h));
    if (!covers || requested.windowDays !== base.windowDays) return 'lower';
    return new Set(requested.holidays).size > new Set(base.holidays).size ? 'raise' : 'same';
  }
  const entryKinds = ['on_entry', 'on_entry_then_monthly'];
  if (entryKinds.includes(base.kind) && entryKinds.includes(requested.kind) && 'withinDays' in base && 'withinDays' in requested) {
    // A shorter deadline is stricter; adding the monthly follow-up is more; dropping it is less.
    const deadline = compare(base.withinDays, requested.withinDays);
    const monthly = compare(perYear(requested), perYear(base));
    if (deadline === 'lower' || monthly === 'lower') return 'lower';
    return deadline === 'raise' || monthly === 'raise' ? 'raise' : 'same';
  }
  return perYear(requested) > perYear(base) ? 'raise' : 'lower';
}
