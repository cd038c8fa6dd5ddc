import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  completionByRep,
  completionLine,
  completionTrend,
  packRates,
  regionCompletion,
  weeklyCompletion,
} from '../../src/domain/completion.js';
import { addDays } from '../../src/domain/dates.js';
import type { DueItem } from '../../src/domain/types.js';

const W = '2026-11-16'; // a Monday
const item = (id: number, dueDate: string, status: DueItem['status'], over: Partial<DueItem> = {}): DueItem => ({
  id,
  memberId: 1,
  customerId: 1,
  actionCode: 'tech_qa',
  period: '2026-11',
  windowStart: addDays(dueDate, -7),
  windowEnd: dueDate,
  dueDate,
  status,
  completedByLogId: null,
  ...over,
});

describe('weeklyCompletion', () => {
  it('counts items due Monday..Sunday of the week, cancelled ones excluded', () => {
    const items = [
      item(1, '2026-11-16', 'done'),
      item(2, '2026-11-22', 'open'),
      item(3, '2026-11-18', 'cancelled'),
      item(4, '2026-11-15', 'done'),
      item(5, '2026-11-23', 'done'),
      item(6, '2026-11-20', 'done'),
    ];
    expect(weeklyCompletion(items, W)).toEqual({ due: 3, done: 2, rate: 2 / 3 });
  });

  it('a week with nothing due has no rate', () => {
    expect(weeklyCompletion([item(1, '2026-11-18', 'cancelled')], W)).toEqual({ due: 0, done: 0, rate: null });
  });
});

describe('per rep, region and trend', () => {
  const items = [
    item(1, '2026-11-16', 'done', { memberId: 1 }),
    item(2, '2026-11-17', 'open', { memberId: 1 }),
    item(3, '2026-11-17', 'done', { memberId: 2 }),
    item(4, '2026-11-24', 'open', { memberId: 3 }),
  ];

  it('groups by rep; listed reps with nothing due appear with a null rate', () => {
    const m = completionByRep(items, W, [9]);
    expect([...m.keys()]).toEqual([1, 2, 9]);
    expect(m.get(1)).toEqual({ due: 2, done: 1, rate: 0.5 });
    expect(m.get(9)).toEqual({ due: 0, done: 0, rate: null });
  });

  it("pools a region's items instead of averaging rep rates", () => {
    expect(regionCompletion(items, W, [1, 2])).toEqual({ due: 3, done: 2, rate: 2 / 3 });
  });

  it('gives one point per week in the order asked', () => {
    const t = completionTrend(items, [W, addDays(W, 7)]);
    expect(t.map((p) => [p.week, p.due, p.done])).toEqual([
      [W, 3, 2],
      ['2026-11-23', 1, 0],
    ]);
  });
});

describe('completionLine', () => {
  it('reads like the Monday report', () => {
    expect(completionLine({ due: 5, done: 3, rate: 0.6 })).toBe('上周应完成 5 件，完成 3 件，60%');
    expect(completionLine(5, 3)).toBe('上周应完成 5 件，完成 3 件，60%');
    expect(completionLine(3, 2, '本周')).toBe('本周应完成 3 件，完成 2 件，67%');
    expect(completionLine({ due: 3, done: 2, rate: 2 / 3 }, '本周')).toBe('本周应完成 3 件，完成 2 件，67%');
    expect(completionLine(0, 0)).toBe('上周无应完成事项');
  });
});

describe('packRates', () => {
  it('splits high-quality and ordinary actions over the lookback, before asOf', () => {
    const items = [
      item(1, '2026-11-10', 'done', { actionCode: 'tech_qa' }),
      item(2, '2026-11-11', 'open', { actionCode: 'exec_visit' }),
      item(3, '2026-11-12', 'done', { actionCode: 'onsite_revisit' }),
      item(4, '2026-11-20', 'open', { actionCode: 'onsite_revisit' }), // on asOf: not yet in the past
      item(5, '2026-08-01', 'open', { actionCode: 'tech_qa' }), // before the lookback
    ];
    expect(packRates(items, '2026-11-20', 90)).toEqual({ highQuality: 0.5, ordinary: 1 });
    expect(packRates([], '2026-11-20')).toEqual({ highQuality: null, ordinary: null });
  });
});

describe('completion properties', () => {
  const arbItems = fc
    .array(
      fc.record({
        rep: fc.integer({ min: 1, max: 4 }),
        day: fc.integer({ min: -3, max: 10 }),
        status: fc.constantFrom<DueItem['status']>('open', 'done', 'cancelled'),
      }),
      { maxLength: 40 },
    )
    .map((rows) => rows.map((r, i) => item(i + 1, addDays(W, r.day), r.status, { memberId: r.rep })));

  it('rate is in [0, 1], done <= due, and null exactly when nothing is due', () => {
    fc.assert(
      fc.property(arbItems, (items) => {
        const c = weeklyCompletion(items, W);
        expect(c.done).toBeLessThanOrEqual(c.due);
        if (c.due === 0) expect(c.rate).toBeNull();
        else expect(c.rate! >= 0 && c.rate! <= 1).toBe(true);
      }),
    );
  });

  it('per-rep counts add up to the total', () => {
    fc.assert(
      fc.property(arbItems, (items) => {
        const total = weeklyCompletion(items, W);
        const reps = [...completionByRep(items, W).values()];
        expect(reps.reduce((s, r) => s + r.due, 0)).toBe(total.due);
        expect(reps.reduce((s, r) => s + r.done, 0)).toBe(total.done);
      }),
    );
  });
});
