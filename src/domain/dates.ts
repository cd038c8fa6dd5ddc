import { boundedMemo } from './collections.js';

// Calendar arithmetic on local dates ('YYYY-MM-DD' in the team's time zone).
// Pure: the caller supplies "now" and the time zone; nothing here reads a clock.

export type LocalDate = string; // 'YYYY-MM-DD'

const DAY_MS = 86_400_000;

const digits = (d: string, from: number, to: number): number => {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + (d.charCodeAt(i) - 48);
  return n;
};

function toUtcMs(d: LocalDate): number {
  // Heat and the forecast call this for every customer of a region: read the digits in place
  // rather than allocating a split array. Anything not shaped 'YYYY-MM-DD' takes the old path.
  if (d.length === 10 && d[4] === '-' && d[7] === '-') return Date.UTC(digits(d, 0, 4), digits(d, 5, 7) - 1, digits(d, 8, 10));
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, day);
}

function fromUtcMs(ms: number): LocalDate {
  return new Date(ms).toISOString().slice(0, 10);
}

// Building an Intl.DateTimeFormat costs far more than using one, and this runs on every message.
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The local calendar date of an instant in a time zone (e.g. 'Asia/Shanghai'). */
export function localDateOf(instant: Date, timeZone: string): LocalDate {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  const parts = f.formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

// Reports call addDays with the same few (date, offset) pairs for every customer (the forecast's
// windows, the heat horizon); a small memo saves a Date round-trip per call. Bounded: cleared when full.
const addDaysMemo = boundedMemo((key: string) => {
  const bar = key.indexOf('|');
  return fromUtcMs(toUtcMs(key.slice(0, bar)) + Number(key.slice(bar + 1)) * DAY_MS);
});

export function addDays(d: LocalDate, n: number): LocalDate {
  return addDaysMemo(`${d}|${n}`);
}

// A region's rows carry a few hundred distinct dates over 100,000 customers: a SQL read returns
// them as day numbers (cheap integers) and each becomes a string once here.
/** The date `n` days after 1970-01-01 (SQLite: unixepoch(date) / 86400). */
export const dateOfDay: (n: number) => LocalDate = boundedMemo((n: number) => fromUtcMs(n * DAY_MS));

export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / DAY_MS);
}

/** ISO weekday: Monday = 1 … Sunday = 7. */
export function isoWeekday(d: LocalDate): number {
  const wd = new Date(toUtcMs(d)).getUTCDay();
  return wd === 0 ? 7 : wd;
}

/** Monday of the ISO week containing d. */
export function weekStart(d: LocalDate): LocalDate {
  return addDays(d, 1 - isoWeekday(d));
}

/** ISO week label such as '2026-W48' (the year is the ISO week-numbering year). */
export function isoWeek(d: LocalDate): string {
  const thursday = addDays(d, 4 - isoWeekday(d));
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export function isValidDate(d: string): d is LocalDate {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return false;
  return fromUtcMs(toUtcMs(d)) === d;
}

/** Calendar quarter label such as '2026-Q4'. */
export function quarterOf(d: LocalDate): string {
  const month = Number(d.slice(5, 7));
  return `${d.slice(0, 4)}-Q${Math.floor((month - 1) / 3) + 1}`;
}

export function quarterStart(quarter: string): LocalDate {
  const [y, q] = quarter.split('-Q').map(Number) as [number, number];
  return `${y}-${String((q - 1) * 3 + 1).padStart(2, '0')}-01`;
}

export function quarterEnd(quarter: string): LocalDate {
  return addDays(quarterStart(shiftQuarter(quarter, 1)), -1);
}

export function shiftQuarter(quarter: string, n: number): string {
  const [y, q] = quarter.split('-Q').map(Number) as [number, number];
  const idx = y * 4 + (q - 1) + n;
  return `${Math.floor(idx / 4)}-Q${(idx % 4) + 1}`;
}
