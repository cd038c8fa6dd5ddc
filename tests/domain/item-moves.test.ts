import { describe, expect, it } from 'vitest';
import { isoWeekday } from '../../src/domain/dates.js';
import { moveChoices, moveDateRefusal, moveRefusal, nextWorkingDays } from '../../src/domain/item-moves.js';
import type { DueItem } from '../../src/domain/types.js';

// 改期 rules as pure functions; today is Thursday 2026-11-26, weekends are off.

const weekday = (d: string) => isoWeekday(d) <= 5;
const item = (o: Partial<DueItem>): DueItem =>
  ({
    id: 1,
    memberId: 1,
    customerId: 1,
    actionCode: 'tech_qa',
    period: 'P',
    windowStart: '2026-11-16',
    windowEnd: '2026-12-04',
    dueDate: '2026-11-27',
    status: 'open',
    completedByLogId: null,
    completedLate: false,
    createdAt: 0,
    ...o,
  }) as DueItem;
const TODAY = '2026-11-26';

describe('改期 rules', () => {
  it('offers working days from today to the window end, without the current due date, at most five', () => {
    expect(moveChoices(item({}), TODAY, weekday)).toEqual(['2026-11-26', '2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03']);
    expect(moveChoices(item({ windowStart: '2026-11-30', windowEnd: '2026-12-01', dueDate: '2026-12-01' }), TODAY, weekday)).toEqual([
      '2026-11-30',
    ]);
  });

  it('refuses done, cancelled, past-week and closed-window items, and bad dates', () => {
    expect(moveRefusal(item({ status: 'done' }), TODAY)).toContain('已经完成');
    expect(moveRefusal(item({ status: 'cancelled' }), TODAY)).toContain('已取消');
    expect(moveRefusal(item({ dueDate: '2026-11-20' }), TODAY)).toContain('以前几周');
    expect(moveRefusal(item({ dueDate: '2026-11-24', windowEnd: '2026-11-25' }), TODAY)).toContain('已在 2026-11-25 结束');
    expect(moveRefusal(item({ dueDate: '2026-11-23' }), TODAY)).toBeNull();
    expect(moveDateRefusal(item({}), '2026-11-25', TODAY, weekday)).toContain('已经过去');
    expect(moveDateRefusal(item({}), '2026-12-07', TODAY, weekday)).toContain('2026-11-16 至 2026-12-04');
    expect(moveDateRefusal(item({}), '2026-11-29', TODAY, weekday)).toContain('不是工作日');
    expect(moveDateRefusal(item({}), '2026-11-27', TODAY, weekday)).toContain('没有改动');
    expect(moveDateRefusal(item({}), '2026-12-02', TODAY, weekday)).toBeNull();
  });

  it('coaching dates start tomorrow and skip days off', () => {
    expect(nextWorkingDays(TODAY, 3, weekday)).toEqual(['2026-11-27', '2026-11-30', '2026-12-01']);
  });
});
