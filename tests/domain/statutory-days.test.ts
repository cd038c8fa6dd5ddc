import chineseDays from 'chinese-days';
import { describe, expect, it } from 'vitest';
import { createWorkCalendar } from '../../src/domain/calendar.js';
import { derivedDaysOff, statutoryDays } from '../../src/domain/statutory-days.js';

// The statutory days off derived from the 2024 rules (docs/operations.md "Working-day calendar") for a year
// chinese-days lacks. 2027 is the first such year (chinese-days 1.5.7 has no 2027 data).

describe('statutory days off derived from the rules', () => {
  it('lays out 2027: 正月初一 is 2027-02-06, 春节 runs 除夕 to 初三, 清明 from the solar term', () => {
    expect(chineseDays.getSolarDateFromLunar('2027-01-01').date).toBe('2027-02-06');
    expect(statutoryDays(2027)).toEqual([
      { name: '元旦', days: ['2027-01-01'] },
      { name: '春节', days: ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08'] },
      { name: '清明', days: ['2027-04-05'] },
      { name: '劳动节', days: ['2027-05-01', '2027-05-02'] },
      { name: '端午', days: ['2027-06-09'] },
      { name: '中秋', days: ['2027-09-15'] },
      { name: '国庆', days: ['2027-10-01', '2027-10-02', '2027-10-03'] },
    ]);
  });

  it('gives a weekday off for each statutory day on a weekend (补假), after the holiday', () => {
    // 春节 2027: Sat 02-06 and Sun 02-07 are made up on Tue 02-09 and Wed 02-10; 劳动节 and 国庆 likewise.
    expect([...derivedDaysOff(2027)].sort()).toEqual([
      '2027-01-01',
      '2027-02-05',
      '2027-02-08',
      '2027-02-09',
      '2027-02-10',
      '2027-04-05',
      '2027-05-03',
      '2027-05-04',
      '2027-06-09',
      '2027-09-15',
      '2027-10-01',
      '2027-10-04',
      '2027-10-05',
    ]);
  });

  it('agrees with the official arrangement of the years under the same rules (2025, 2026)', () => {
    for (const year of [2025, 2026]) {
      const derived = [...derivedDaysOff(year)];
      expect(derived.length).toBeGreaterThanOrEqual(13);
      expect(derived.filter((d) => chineseDays.isWorkday(d))).toEqual([]);
    }
  });
});

describe('the work calendar in a year nobody has arranged yet (2027)', () => {
  it("keeps the derived days off, says the arrangement is not in, and takes the team's 调休 workdays", () => {
    const cal = createWorkCalendar();
    expect(cal.coversYear(2027)).toBe(false);
    expect(cal.arrangementKnown(2027)).toBe(false);
    expect(cal.arrangementKnown(2026)).toBe(true);
    for (const d of ['2027-01-01', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-10-01', '2027-10-05'])
      expect(cal.isWorkingDay(d)).toBe(false);
    expect(cal.isWorkingDay('2027-02-11')).toBe(true);
    expect(cal.firstWorkingDayOfWeek('2027-02-08')).toBe('2027-02-11'); // the Monday report moves to Thursday
    const team = createWorkCalendar({ extraWorkdays: ['2027-02-20'], extraDaysOff: ['2027-02-11', '2027-02-12'] });
    expect(team.arrangementKnown(2027)).toBe(true);
    expect(team.isWorkingDay('2027-02-20')).toBe(true); // a Saturday made a working day
    expect(team.isWorkingDay('2027-02-09')).toBe(false); // the derived days stay off
    expect(createWorkCalendar({ arrangedYears: [2027] }).arrangementKnown(2027)).toBe(true);
  });
});
