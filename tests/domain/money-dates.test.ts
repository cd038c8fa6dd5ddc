import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, isoWeek, localDateOf, quarterOf, shiftQuarter, weekStart } from '../../src/domain/dates.js';
import { formatFen, parseAmountToFen } from '../../src/domain/money.js';

describe('money', () => {
  it('parses the ways a manager types a target', () => {
    expect(parseAmountToFen('4.2亿')).toBe(42_000_000_000);
    expect(parseAmountToFen('42000万')).toBe(42_000_000_000);
    expect(parseAmountToFen('420000000')).toBe(42_000_000_000);
    expect(parseAmountToFen('1,200元')).toBe(120_000);
    expect(parseAmountToFen('四亿')).toBeNull();
    expect(parseAmountToFen('-5万')).toBeNull();
  });
  it('formats 分 for people', () => {
    expect(formatFen(42_000_000_000)).toBe('4.2亿');
    expect(formatFen(5_200_000)).toBe('5.2万');
    expect(formatFen(12_345)).toBe('123.45元');
  });
});

describe('dates', () => {
  it('takes the local date in the team time zone', () => {
    expect(localDateOf(new Date('2026-11-25T17:30:00Z'), 'Asia/Shanghai')).toBe('2026-11-26');
    expect(localDateOf(new Date('2026-11-25T17:30:00Z'), 'UTC')).toBe('2026-11-25');
  });
  it('knows ISO weeks and quarters', () => {
    expect(isoWeek('2026-11-26')).toBe('2026-W48');
    expect(isoWeek('2027-01-01')).toBe('2026-W53');
    expect(weekStart('2026-11-26')).toBe('2026-11-23');
    expect(quarterOf('2026-11-26')).toBe('2026-Q4');
    expect(shiftQuarter('2026-Q1', -1)).toBe('2025-Q4');
  });
  it('weekStart is always a Monday at most six days back', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4000 }), (n) => {
        const d = addDays('2020-01-01', n);
        const ws = weekStart(d);
        return new Date(`${ws}T00:00:00Z`).getUTCDay() === 1 && ws <= d && addDays(ws, 6) >= d;
      }),
    );
  });
});
