import chineseDays from 'chinese-days';
import { addDays, isoWeekday, type LocalDate } from './dates.js';

// The statutory days off of a year, derived from the rules instead of read from the State Council's
// yearly arrangement, for a year chinese-days does not carry yet (docs/operations.md "Working-day calendar").
//
// 全国年节及纪念日放假办法 as revised in 2024 (in force from 2025): 元旦 1 day; 春节 4 days, 除夕 to 正月初三;
// 清明 1 day (the 清明 solar term); 劳动节 2 days (05-01, 05-02); 端午 1 day (五月初五); 中秋 1 day
// (八月十五); 国庆 3 days (10-01 to 10-03). Article 6: a statutory day that falls on a Saturday or Sunday is
// made up (补假) on a working day; we take the first weekday after it that is not already off.
// What cannot be derived is the 调休: the weekends the State Council turns into working days to join a
// holiday into a longer break. Those come from the team's calendar file once the arrangement is out.

/** The year the rules above start to apply; earlier years are all in chinese-days. */
export const RULES_FROM_YEAR = 2025;

function lunar(year: number, monthDay: string): LocalDate | null {
  const solar = chineseDays.getSolarDateFromLunar(`${year}-${monthDay}`).date;
  return solar.startsWith(`${year}-`) ? solar : null;
}

function qingming(year: number): LocalDate | null {
  const term = chineseDays.getSolarTerms(`${year}-04-01`, `${year}-04-10`).find((t) => t.name === '清明');
  return term?.date ?? null;
}

/** The statutory days themselves (before 补假), by festival; null outside the lunar data (1900–2100). */
export function statutoryDays(year: number): Array<{ name: string; days: LocalDate[] }> | null {
  if (!Number.isInteger(year) || year < 1901 || year > 2100) return null;
  const y = String(year);
  const newYear = lunar(year, '01-01');
  const dragonBoat = lunar(year, '05-05');
  const midAutumn = lunar(year, '08-15');
  const tomb = qingming(year);
  if (!newYear || !dragonBoat || !midAutumn || !tomb) return null;
  return [
    { name: '元旦', days: [`${y}-01-01`] },
    { name: '春节', days: [-1, 0, 1, 2].map((n) => addDays(newYear, n)) },
    { name: '清明', days: [tomb] },
    { name: '劳动节', days: [`${y}-05-01`, `${y}-05-02`] },
    { name: '端午', days: [dragonBoat] },
    { name: '中秋', days: [midAutumn] },
    { name: '国庆', days: [`${y}-10-01`, `${y}-10-02`, `${y}-10-03`] },
  ];
}

/**
 * Every weekday off a year's statutory holidays give, 补假 included; empty outside the lunar data.
 * (Weekends are off anyway; only the 调休 workdays are missing.)
 */
export function derivedDaysOff(year: number): Set<LocalDate> {
  const festivals = statutoryDays(year);
  const off = new Set<LocalDate>();
  if (!festivals) return off;
  const all = festivals.flatMap((f) => f.days).sort();
  const statutory = new Set(all);
  for (const d of all) if (isoWeekday(d) <= 5) off.add(d);
  for (const d of all) {
    if (isoWeekday(d) <= 5) continue;
    let make = addDays(d, 1);
    while (isoWeekday(make) > 5 || off.has(make) || statutory.has(make)) make = addDays(make, 1);
    off.add(make);
  }
  return off;
}
