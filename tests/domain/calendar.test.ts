import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWorkCalendar, holidayDate } from '../../src/domain/calendar.js';
import { addDays, daysBetween, weekStart } from '../../src/domain/dates.js';

const cal = createWorkCalendar();

describe('createWorkCalendar: official arrangement', () => {
  it('knows holidays and 调休 working weekends', () => {
    expect(cal.isWorkingDay('2026-10-01')).toBe(false); // 国庆
    expect(cal.isWorkingDay('2026-10-07')).toBe(false);
    expect(cal.isWorkingDay('2026-09-20')).toBe(true); // Sunday, 调休 for 国庆
    expect(cal.isWorkingDay('2026-10-10')).toBe(true); // Saturday, 调休
    expect(cal.isWorkingDay('2026-02-17')).toBe(false); // 春节
    expect(cal.isWorkingDay('2026-11-18')).toBe(true); // ordinary Wednesday
    expect(cal.isWorkingDay('2026-11-21')).toBe(false); // ordinary Saturday
  });

  it('moves to the next / previous working day', () => {
    expect(cal.nextWorkingDay('2026-10-01')).toBe('2026-10-08');
    expect(cal.previousWorkingDay('2026-10-01')).toBe('2026-09-30');
    expect(cal.nextWorkingDay('2026-11-18')).toBe('2026-11-18');
    expect(cal.previousWorkingDay('2026-11-22')).toBe('2026-11-20');
  });

  it('first working day of a week moves the Monday report off a holiday', () => {
    expect(cal.firstWorkingDayOfWeek('2026-11-20')).toBe('2026-11-16');
    expect(cal.firstWorkingDayOfWeek('2026-10-09')).toBe('2026-10-08'); // Mon–Wed are 国庆
    expect(cal.firstWorkingDayOfWeek('2026-05-06')).toBe('2026-05-06'); // Mon–Tue are 劳动节
    expect(cal.firstWorkingDayOfWeek('2026-02-18')).toBeNull(); // the whole 春节 week is off
  });

  it('coversYear says which years the package knows', () => {
    expect(cal.coversYear(2025)).toBe(true);
    expect(cal.coversYear(2026)).toBe(true);
    expect(cal.coversYear(2003)).toBe(false);
    expect(cal.coversYear(2099)).toBe(false);
  });
});

describe('createWorkCalendar: uncovered years and team overrides', () => {
  it('falls back to Monday–Friday minus the derived statutory days for a year without data', () => {
    expect(cal.isWorkingDay('2099-10-01')).toBe(false); // a Thursday: 国庆, derived from the rules
    expect(cal.isWorkingDay('2099-10-05')).toBe(false); // Monday: 补假 for 10-03 (a Saturday)
    expect(cal.isWorkingDay('2099-10-06')).toBe(true); // an ordinary Tuesday
    expect(cal.isWorkingDay('2099-10-03')).toBe(false); // Saturday
  });

  it('team lists add days off and working days (how a team adds a missing year)', () => {
    const team = createWorkCalendar({
      extraDaysOff: ['2099-10-01', '2099-10-02', '2026-11-18'],
      extraWorkdays: ['2099-09-26', '2026-11-18'],
    });
    expect(team.isWorkingDay('2099-10-01')).toBe(false);
    expect(team.isWorkingDay('2099-09-26')).toBe(true); // Saturday made a working day
    expect(team.isWorkingDay('2026-11-18')).toBe(false); // in both lists: off wins
    expect(team.nextWorkingDay('2099-10-01')).toBe('2099-10-06'); // 10-05 is the derived 补假
  });

  it('refuses to scan forever when every day is off', () => {
    const days = Array.from({ length: 800 }, (_, i) => addDays('2026-01-01', i));
    expect(() => createWorkCalendar({ extraDaysOff: days }).nextWorkingDay('2026-01-01')).toThrow();
  });
});

describe('holidayDate', () => {
  it('returns the festival day', () => {
    expect(holidayDate('春节', 2026)).toBe('2026-02-17');
    expect(holidayDate('端午', 2026)).toBe('2026-06-19');
    expect(holidayDate('中秋', 2026)).toBe('2026-09-25');
    expect(holidayDate('国庆', 2026)).toBe('2026-10-01');
    expect(holidayDate('春节', 2025)).toBe('2025-01-29');
    expect(holidayDate('中秋', 2025)).toBe('2025-10-06');
    expect(cal.holidayDate('端午', 2027)).toBe('2027-06-09');
  });
  it('is null outside the lunar table', () => {
    expect(holidayDate('春节', 2101)).toBeNull();
    expect(holidayDate('国庆', 2101)).toBe('2101-10-01');
  });
});

const dayArb = fc.integer({ min: 0, max: 365 * 8 }).map((n) => addDays('2022-01-01', n));

describe('calendar properties', () => {
  it('nextWorkingDay is the first working day on or after d', () => {
    fc.assert(
      fc.property(dayArb, (d) => {
        const n = cal.nextWorkingDay(d);
        expect(cal.isWorkingDay(n)).toBe(true);
        expect(daysBetween(d, n)).toBeGreaterThanOrEqual(0);
        for (let x = d; x < n; x = addDays(x, 1)) expect(cal.isWorkingDay(x)).toBe(false);
      }),
    );
  });
  it('previousWorkingDay is the last working day on or before d', () => {
    fc.assert(
      fc.property(dayArb, (d) => {
        const p = cal.previousWorkingDay(d);
        expect(cal.isWorkingDay(p)).toBe(true);
        for (let x = d; x > p; x = addDays(x, -1)) expect(cal.isWorkingDay(x)).toBe(false);
      }),
    );
  });
  it('firstWorkingDayOfWeek stays in the week', () => {
    fc.assert(
      fc.property(dayArb, (d) => {
        const f = cal.firstWorkingDayOfWeek(d);
        if (f === null) return;
        expect(weekStart(f)).toBe(weekStart(d));
        expect(cal.isWorkingDay(f)).toBe(true);
        for (let x = weekStart(d); x < f; x = addDays(x, 1)) expect(cal.isWorkingDay(x)).toBe(false);
      }),
    );
  });
});
