import { HOLIDAY_NAMES, type HolidayName, type WorkCalendar } from './calendar.js';
import { addDays, daysBetween, isoWeek, type LocalDate, quarterEnd, quarterOf, quarterStart, weekStart } from './dates.js';
import type { Frequency } from './packs.js';

// The completion windows of a frequency (plan.ts): which periods a plan range covers, and each
// period's key, so that one item is planned per (customer, action, period).

export interface Window {
  period: string;
  start: LocalDate;
  end: LocalDate;
}
export type PeriodKind = Extract<Frequency, { kind: 'periodic' }>['period'];

// Biweeks are pairs of ISO weeks counted from a fixed Monday, so a period's key does not depend on
// the day a plan happens to be generated.
const BIWEEK_ANCHOR = '2024-01-01';

function monthEnd(d: LocalDate): LocalDate {
  const [y, m] = [Number(d.slice(0, 4)), Number(d.slice(5, 7))];
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return addDays(next, -1);
}

function periodOf(kind: PeriodKind, d: LocalDate): Window {
  const y = d.slice(0, 4);
  switch (kind) {
    case 'month':
      return { period: d.slice(0, 7), start: `${d.slice(0, 7)}-01`, end: monthEnd(d) };
    case 'quarter': {
      const q = quarterOf(d);
      return { period: q, start: quarterStart(q), end: quarterEnd(q) };
    }
    case 'half':
      return d.slice(5, 7) <= '06'
        ? { period: `${y}-H1`, start: `${y}-01-01`, end: `${y}-06-30` }
        : { period: `${y}-H2`, start: `${y}-07-01`, end: `${y}-12-31` };
    case 'year':
      return { period: y, start: `${y}-01-01`, end: `${y}-12-31` };
    case 'biweek': {
      const weeks = daysBetween(BIWEEK_ANCHOR, weekStart(d)) / 7;
      const first = addDays(BIWEEK_ANCHOR, (weeks - (((weeks % 2) + 2) % 2)) * 7);
      return { period: isoWeek(first), start: first, end: addDays(first, 13) };
    }
  }
}

/** Periods overlapping [from, to]; `times` > 1 cuts each period into that many consecutive parts. */
function periodicWindows(kind: PeriodKind, times: number, from: LocalDate, to: LocalDate): Window[] {
  const out: Window[] = [];
  for (let p = periodOf(kind, from); p.start <= to; p = periodOf(kind, addDays(p.end, 1))) {
    const len = daysBetween(p.start, p.end) + 1;
    for (let i = 0; i < times; i++) {
      const start = addDays(p.start, Math.floor((i * len) / times));
      const end = addDays(p.start, Math.floor(((i + 1) * len) / times) - 1);
      out.push({ period: times > 1 ? `${p.period}/${i + 1}` : p.period, start, end });
    }
  }
  // The window is the period clipped to the plan range (a plan started mid-month asks nothing before it).
  return out.map((w) => ({ ...w, start: w.start < from ? from : w.start, end: w.end > to ? to : w.end })).filter((w) => w.start <= w.end);
}

export function windowsFor(f: Frequency, since: LocalDate, from: LocalDate, to: LocalDate, cal: WorkCalendar): Window[] {
  const overlaps = (w: Window) => w.start <= to && w.end >= from;
  switch (f.kind) {
    case 'periodic':
      return periodicWindows(f.period, Math.max(1, Math.floor(f.times)), from, to);
    case 'holiday': {
      const out: Window[] = [];
      const names = HOLIDAY_NAMES.filter((n: HolidayName) => f.holidays.includes(n));
      for (let y = Number(from.slice(0, 4)); y <= Number(addDays(to, f.windowDays).slice(0, 4)); y++) {
        for (const name of names) {
          const day = cal.holidayDate(name, y);
          if (day) out.push({ period: `${y}-${name}`, start: addDays(day, -f.windowDays), end: addDays(day, -1) });
        }
      }
      return out.filter(overlaps);
    }
    case 'on_entry':
    case 'on_entry_then_monthly': {
      const entry: Window = { period: `entry:${since}`, start: since, end: addDays(since, f.withinDays) };
      const out = overlaps(entry) ? [entry] : [];
      if (f.kind === 'on_entry') return out;
      // Monthly from the first calendar month that starts after the entry window.
      const monthlyFrom = addDays(monthEnd(entry.end), 1);
      return monthlyFrom > to ? out : [...out, ...periodicWindows('month', 1, monthlyFrom < from ? from : monthlyFrom, to)];
    }
  }
}
