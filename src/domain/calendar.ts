import chineseDays from 'chinese-days';
import { addDays, isoWeekday, type LocalDate, weekStart } from './dates.js';
import { derivedDaysOff, RULES_FROM_YEAR } from './statutory-days.js';

// Working days for mainland China: official holidays and 调休 (swapped working weekends) come
// from the `chinese-days` package, which carries the State Council's arrangement year by year.
//
// The package only knows the years published when it was built (2004 onwards, up to the year of
// its last release). For a year it lacks, `coversYear` is false and the calendar falls back to
// Monday–Friday minus the statutory days off derived from the rules (statutory-days.ts), plus the
// team's override lists. The 调休 working weekends cannot be derived: until the team's file lists
// them, `arrangementKnown` is false and the bot says so. A team adds a missing year by hand, right after
// the State Council publishes the arrangement (usually in November for the next year):
//   - every official day off that falls on a weekday goes into `extraDaysOff`;
//   - every 调休 working Saturday/Sunday goes into `extraWorkdays`.
// Upgrading `chinese-days` later makes those entries redundant but harmless. The same lists also
// carry company-specific days (a company retreat, a plant's own shutdown week).

export const HOLIDAY_NAMES = ['春节', '端午', '中秋', '国庆'] as const;
export type HolidayName = (typeof HOLIDAY_NAMES)[number];

export interface WorkCalendar {
  isWorkingDay(d: LocalDate): boolean;
  /** d itself when it is a working day, else the next one. */
  nextWorkingDay(d: LocalDate): LocalDate;
  /** d itself when it is a working day, else the previous one. */
  previousWorkingDay(d: LocalDate): LocalDate;
  /**
   * The first working day of the ISO week containing d (where the Monday report goes when Monday
   * is a holiday); null when the whole week is off (e.g. a 春节 week), so no report is due.
   */
  firstWorkingDayOfWeek(d: LocalDate): LocalDate | null;
  /** The festival's own day in a Gregorian year; null outside the lunar data (1900–2100). */
  holidayDate(name: HolidayName, year: number): LocalDate | null;
  /** Whether chinese-days has the official arrangement for that year. */
  coversYear(year: number): boolean;
  /**
   * Whether the year's 调休 arrangement is in: chinese-days has the year, or the team's file lists
   * one of its working weekends (or names the year in `years`). Else the days off are derived.
   */
  arrangementKnown(year: number): boolean;
}

export interface CalendarOverrides {
  extraDaysOff?: LocalDate[];
  extraWorkdays?: LocalDate[];
  /** Years whose official arrangement the lists above carry in full (for a year without 调休 weekends). */
  arrangedYears?: number[];
}

// A pathological override list (every day off) must not hang the scheduler.
const MAX_SCAN_DAYS = 366;

// Lunar month-day of each festival; 国庆 is solar and handled separately.
const LUNAR_FESTIVALS: Record<Exclude<HolidayName, '国庆'>, string> = {
  春节: '01-01',
  端午: '05-05',
  中秋: '08-15',
};

const coverage = new Map<number, boolean>();

/** A year is covered when the package lists at least one official weekday holiday in it. */
export function chineseDaysCoversYear(year: number): boolean {
  let known = coverage.get(year);
  if (known === undefined) {
    const holidays = chineseDays.getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false);
    known = holidays.length > 0;
    coverage.set(year, known);
  }
  return known;
}

export function createWorkCalendar(opts: CalendarOverrides = {}): WorkCalendar {
  const daysOff = new Set(opts.extraDaysOff ?? []);
  const workdays = new Set(opts.extraWorkdays ?? []);
  const cache = new Map<LocalDate, boolean>();
  const derived = new Map<number, Set<LocalDate>>();
  const arranged = new Set([...(opts.arrangedYears ?? []), ...[...workdays].map((d) => Number(d.slice(0, 4)))]);

  function derivedOff(year: number): Set<LocalDate> {
    let days = derived.get(year);
    if (!days) derived.set(year, (days = year >= RULES_FROM_YEAR ? derivedDaysOff(year) : new Set()));
    return days;
  }

  function computeWorking(d: LocalDate): boolean {
    // A date in both lists counts as off: never plan work on a day the team said is free.
    if (daysOff.has(d)) return false;
    if (workdays.has(d)) return true;
    const year = Number(d.slice(0, 4));
    if (chineseDaysCoversYear(year)) return chineseDays.isWorkday(d);
    return isoWeekday(d) <= 5 && !derivedOff(year).has(d);
  }

  function isWorkingDay(d: LocalDate): boolean {
    let working = cache.get(d);
    if (working === undefined) {
      working = computeWorking(d);
      cache.set(d, working);
    }
    return working;
  }

  function scan(d: LocalDate, step: 1 | -1): LocalDate {
    let cur = d;
    for (let i = 0; i <= MAX_SCAN_DAYS; i++) {
      if (isWorkingDay(cur)) return cur;
      cur = addDays(cur, step);
    }
    throw new Error(`no working day within ${MAX_SCAN_DAYS} days of ${d}: check the day-off overrides`);
  }

  return {
    isWorkingDay,
    nextWorkingDay: (d) => scan(d, 1),
    previousWorkingDay: (d) => scan(d, -1),
    firstWorkingDayOfWeek(d) {
      const monday = weekStart(d);
      for (let i = 0; i < 7; i++) {
        const day = addDays(monday, i);
        if (isWorkingDay(day)) return day;
      }
      return null;
    },
    holidayDate,
    coversYear: chineseDaysCoversYear,
    arrangementKnown: (year) => chineseDaysCoversYear(year) || arranged.has(year),
  };
}

// The lunar conversion costs about 0.25 ms and plans ask for the same few festivals per rep.
const festivalCache = new Map<string, LocalDate | null>();

/** The festival's day: 国庆 is always 10-01; the lunar ones come from chinese-days' lunar table. */
export function holidayDate(name: HolidayName, year: number): LocalDate | null {
  const key = `${name}:${year}`;
  if (festivalCache.has(key)) return festivalCache.get(key)!;
  const day = computeHolidayDate(name, year);
  festivalCache.set(key, day);
  return day;
}

function computeHolidayDate(name: HolidayName, year: number): LocalDate | null {
  if (!Number.isInteger(year) || year < 1 || year > 9999) return null;
  const y = String(year).padStart(4, '0');
  if (name === '国庆') return `${y}-10-01`;
  // The package's lunar table spans 1900–2100; outside it the conversion is garbage.
  if (year < 1900 || year > 2100) return null;
  const solar = chineseDays.getSolarDateFromLunar(`${y}-${LUNAR_FESTIVALS[name]}`).date;
  // 春节/端午/中秋 of lunar year Y always fall in Gregorian year Y; anything else is a data error.
  return solar.startsWith(`${y}-`) ? solar : null;
}
