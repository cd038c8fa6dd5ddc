import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/dates.js';
import { dueWarnings, lastRatedWeeks, type RatedWeek, repsDueWarning, unsentWarnings, warningKey } from '../../src/domain/warnings.js';

const weeks = (...rates: Array<number | null>): RatedWeek[] => rates.map((rate, i) => ({ week: addDays('2026-10-05', 7 * i), rate }));

describe('repsDueWarning', () => {
  it('warns after two rated weeks below 70%', () => {
    expect(repsDueWarning({ 1: weeks(0.9, 0.6, 0.5), 2: weeks(0.6, 0.9) })).toEqual([1]);
  });

  it('exactly 70% is not below 70%', () => {
    expect(repsDueWarning({ 1: weeks(0.7, 0.6) })).toEqual([]);
    expect(repsDueWarning({ 1: weeks(7 / 10, 0.69) })).toEqual([]);
  });

  it('skips weeks with nothing due instead of breaking the streak', () => {
    expect(repsDueWarning({ 1: weeks(0.5, null, 0.4) })).toEqual([1]);
    expect(repsDueWarning({ 1: weeks(0.5, null, null) })).toEqual([]);
  });

  it('a missing week is the same as a null week', () => {
    const h = [
      { week: '2026-10-05', rate: 0.5 },
      { week: '2026-10-19', rate: 0.4 },
    ];
    expect(repsDueWarning({ 1: h })).toEqual([1]);
  });

  it('the streak must end at the latest rated week', () => {
    expect(repsDueWarning({ 1: weeks(0.5, 0.4, 0.8) })).toEqual([]);
  });

  it('ignores weeks after the last completed week, and unsorted input', () => {
    const h = weeks(0.5, 0.4, 1).reverse();
    expect(repsDueWarning({ 1: h }, undefined, '2026-10-12')).toEqual([1]);
    expect(repsDueWarning({ 1: h })).toEqual([]);
  });

  it('follows the configured threshold and streak, and accepts a Map', () => {
    const h = new Map([
      [3, weeks(0.75, 0.75, 0.75)],
      [4, weeks(0.5, 0.5)],
    ]);
    expect(repsDueWarning(h, { threshold: 0.8, streak: 3 })).toEqual([3]);
  });

  it('reports the rates behind a warning, oldest first', () => {
    expect(dueWarnings({ 5: weeks(0.6, null, 0.5) })).toEqual([
      {
        repId: 5,
        weeks: [
          { week: '2026-10-05', rate: 0.6 },
          { week: '2026-10-19', rate: 0.5 },
        ],
      },
    ]);
  });

  it('sends once per rep per week', () => {
    const w = dueWarnings({ 1: weeks(0.1, 0.1), 2: weeks(0.1, 0.1) });
    expect(unsentWarnings(w, '2026-10-19', new Set([warningKey(1, '2026-10-19')])).map((x) => x.repId)).toEqual([2]);
  });
});

describe('warning properties', () => {
  const rate = fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null });

  it('a rep with every rate at or above the threshold never warns', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.double({ min: 0.7, max: 1, noNaN: true }), { nil: null })), (rates) => {
        expect(repsDueWarning({ 1: weeks(...rates) })).toEqual([]);
      }),
    );
  });

  it('adding weeks with no rate never changes the outcome', () => {
    fc.assert(
      fc.property(fc.array(rate, { maxLength: 8 }), fc.integer({ min: 0, max: 8 }), (rates, at) => {
        const withGap = [...rates.slice(0, at), null, ...rates.slice(at)];
        expect(repsDueWarning({ 1: weeks(...withGap) })).toEqual(repsDueWarning({ 1: weeks(...rates) }));
      }),
    );
  });

  it('lastRatedWeeks returns at most streak rated weeks', () => {
    fc.assert(
      fc.property(fc.array(rate), fc.integer({ min: 1, max: 4 }), (rates, streak) => {
        const last = lastRatedWeeks(weeks(...rates), streak);
        expect(last.length).toBeLessThanOrEqual(streak);
        expect(last.every((w) => w.rate !== null)).toBe(true);
      }),
    );
  });
});
