import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, isoWeek, quarterOf } from '../../src/domain/dates.js';
import { fitSpan, logFitsItem, rematch, rematcher } from '../../src/domain/matching.js';
import type { ActionLog, DueItem } from '../../src/domain/types.js';

// fitSpan bounds the dates of the logs that can complete an item, so a replay may add the item
// just before the first log of its span and forget it after the last (src/method/metrics/
// calibration-replay.ts): a log outside the span must never fit. And the rematcher, fed that way,
// must match as rematch does with every item present from the start.

const DAY0 = '2025-06-01';
const arbItem = fc
  .record({
    id: fc.integer({ min: 1, max: 10_000 }),
    due: fc.integer({ min: 0, max: 400 }),
    before: fc.integer({ min: 0, max: 40 }),
    after: fc.integer({ min: -5, max: 40 }),
    period: fc.constantFrom('year', 'month', 'quarter', 'half', 'week2', 'P1'),
    status: fc.constantFrom('open', 'done', 'cancelled'),
  })
  .map(({ id, due, before, after, period, status }): DueItem => {
    const d = addDays(DAY0, due);
    const periods: Record<string, string> = {
      year: d.slice(0, 4),
      month: d.slice(0, 7),
      quarter: quarterOf(d),
      half: `${d.slice(0, 4)}-H${Number(d.slice(5, 7)) <= 6 ? 1 : 2}`,
      week2: `${isoWeek(d)}/2`,
      P1: 'P1',
    };
    return {
      id,
      memberId: 1,
      customerId: 1,
      actionCode: 'tech_qa',
      period: periods[period]!,
      windowStart: addDays(d, -before),
      windowEnd: addDays(d, after),
      dueDate: d,
      status: status as DueItem['status'],
      completedByLogId: null,
    };
  });
const arbLog = fc.record({ id: fc.integer({ min: 1, max: 10_000 }), day: fc.integer({ min: -400, max: 800 }) }).map(
  ({ id, day }): ActionLog => ({
    id,
    memberId: 1,
    customerId: 1,
    actionCode: 'tech_qa',
    occurredOn: addDays(DAY0, day),
    status: 'valid',
  }),
);

describe('fitSpan', () => {
  it('holds the date of every log that fits the item', () => {
    fc.assert(
      fc.property(arbItem, arbLog, (item, log) => {
        const span = fitSpan(item);
        if (logFitsItem(log, item)) expect(log.occurredOn >= span.start && log.occurredOn <= span.end).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('is unbounded for an item with a date that is not one', () => {
    const span = fitSpan({ windowStart: '2026-11-01', windowEnd: '2026-11-30', dueDate: '2026-11-5', period: '2026-11' });
    expect(span.start <= '0000-01-01' && span.end >= '9999-12-31').toBe(true);
  });
});

describe('rematcher fed item by item', () => {
  it('matches as rematch when each item is added before the first log of its span and removed after the last', () => {
    const uniq = <T extends { id: number }>(xs: T[]) => [...new Map(xs.map((x) => [x.id, x])).values()];
    fc.assert(
      fc.property(fc.array(arbItem, { maxLength: 25 }), fc.array(arbLog, { maxLength: 25 }), (rawItems, rawLogs) => {
        const items = uniq(rawItems);
        const logs = uniq(rawLogs).sort((a, b) => (a.occurredOn !== b.occurredOn ? (a.occurredOn < b.occurredOn ? -1 : 1) : a.id - b.id));
        const free = rematcher();
        const live = new Set<DueItem>();
        const streamed = new Map<number, number>();
        for (const log of logs) {
          for (const item of items) {
            const span = fitSpan(item);
            if (span.start <= log.occurredOn && span.end >= log.occurredOn && !live.has(item)) free.add(item);
            if (span.start <= log.occurredOn) live.add(item);
            if (span.end < log.occurredOn) free.remove(item);
          }
          const done = free.take(log);
          if (done) streamed.set(done.id, log.id);
        }
        expect(streamed).toEqual(rematch(items, logs));
      }),
      { numRuns: 500 },
    );
  });
});
