import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, isoWeek, quarterOf } from '../../src/domain/dates.js';
import { applyMatches, logFitsItem, matchLog, periodSpan, rematch } from '../../src/domain/matching.js';
import type { ActionLog, DueItem } from '../../src/domain/types.js';

const item = (id: number, over: Partial<DueItem> = {}): DueItem => ({
  id,
  memberId: 7,
  customerId: 1,
  actionCode: 'onsite_revisit',
  period: '2026-11',
  windowStart: '2026-11-01',
  windowEnd: '2026-11-30',
  dueDate: '2026-11-20',
  status: 'open',
  completedByLogId: null,
  ...over,
});
const log = (id: number, occurredOn: string, over: Partial<ActionLog> = {}): ActionLog => ({
  id,
  memberId: 7,
  customerId: 1,
  actionCode: 'onsite_revisit',
  occurredOn,
  status: 'valid',
  ...over,
});

describe('periodSpan', () => {
  it.each([
    ['2026-11', '2026-11-01', '2026-11-30'],
    ['2026-02', '2026-02-01', '2026-02-28'],
    ['2026-Q4', '2026-10-01', '2026-12-31'],
    ['2026-H1', '2026-01-01', '2026-06-30'],
    ['2026', '2026-01-01', '2026-12-31'],
    ['2026-W01', '2025-12-29', '2026-01-04'],
    ['2026-W47/2', '2026-11-16', '2026-11-29'],
  ])('%s spans %s..%s', (key, start, end) => {
    expect(periodSpan(key)).toEqual({ start, end });
  });

  it('agrees with the calendar helpers: a date lies in its own ISO week, month and quarter', () => {
    fc.assert(
      fc.property(fc.integer({ min: -3000, max: 3000 }), (n) => {
        const d = addDays('2026-01-01', n);
        for (const key of [isoWeek(d), d.slice(0, 7), quarterOf(d), d.slice(0, 4)]) {
          const span = periodSpan(key)!;
          expect(d >= span.start && d <= span.end).toBe(true);
        }
      }),
    );
  });

  it.each(['2026-13', '春节-2026', '2026-W60', ''])('%s is not a period key we know', (key) => {
    expect(periodSpan(key)).toBeNull();
  });
});

describe('matchLog', () => {
  it('completes the open item whose window contains the log date', () => {
    expect(matchLog(log(1, '2026-11-05'), [item(1)])?.id).toBe(1);
  });

  it('rejected and voided logs match nothing', () => {
    expect(matchLog(log(1, '2026-11-05', { status: 'rejected' }), [item(1)])).toBeNull();
    expect(matchLog(log(1, '2026-11-05', { status: 'voided' }), [item(1)])).toBeNull();
  });

  it('needs the same customer and action, but not the same rep', () => {
    expect(matchLog(log(1, '2026-11-05', { customerId: 2 }), [item(1)])).toBeNull();
    expect(matchLog(log(1, '2026-11-05', { actionCode: 'tech_qa' }), [item(1)])).toBeNull();
    expect(matchLog(log(1, '2026-11-05', { memberId: 99 }), [item(1)])?.id).toBe(1);
  });

  it('takes the earliest containing window and skips done or cancelled items', () => {
    const items = [
      item(1, { windowStart: '2026-11-01', status: 'done' }),
      item(2, { windowStart: '2026-11-03', status: 'cancelled' }),
      item(3, { windowStart: '2026-11-04', dueDate: '2026-11-25' }),
      item(4, { windowStart: '2026-11-04', dueDate: '2026-11-10' }),
    ];
    expect(matchLog(log(1, '2026-11-05'), items)?.id).toBe(4);
  });

  it('a log before the window opens counts inside the same period', () => {
    const later = item(1, { windowStart: '2026-11-16', windowEnd: '2026-11-30' });
    expect(matchLog(log(1, '2026-11-02'), [later])?.id).toBe(1);
    expect(logFitsItem(log(1, '2026-11-02'), later)).toBe('early');
  });

  it('but never for the next period', () => {
    const nextMonth = item(1, { windowStart: '2026-11-16', windowEnd: '2026-11-30' });
    expect(matchLog(log(1, '2026-10-30'), [nextMonth])).toBeNull();
  });

  it('a log after the window closes completes nothing in a later quarter', () => {
    expect(matchLog(log(1, '2027-01-04'), [item(1)])).toBeNull();
  });

  it('a late log closes the oldest overdue item of its quarter, before the item of its own window', () => {
    const missed = item(1, { period: '2026-W45/2', windowStart: '2026-11-02', windowEnd: '2026-11-15', dueDate: '2026-11-10' });
    const older = item(2, { period: '2026-W43/2', windowStart: '2026-10-19', windowEnd: '2026-11-01', dueDate: '2026-10-21' });
    const own = item(3, { period: '2026-W47/2', windowStart: '2026-11-16', windowEnd: '2026-11-29', dueDate: '2026-11-27' });
    expect(logFitsItem(log(1, '2026-11-25'), missed)).toBe('late');
    expect(matchLog(log(1, '2026-11-25'), [own, missed, older])?.id).toBe(2);
    expect(matchLog(log(1, '2026-11-25'), [own, missed])?.id).toBe(1);
    expect(matchLog(log(1, '2026-11-25'), [own])?.id).toBe(3);
    // A miss of the previous quarter is history: the log goes to its own window.
    const lastQuarter = item(4, { period: '2026-W37/2', windowStart: '2026-09-07', windowEnd: '2026-09-20', dueDate: '2026-09-15' });
    expect(matchLog(log(1, '2026-11-25'), [own, lastQuarter])?.id).toBe(3);
  });

  it('applyMatches with the logs marks an item completed after its due date as late', () => {
    const items = [item(1, { dueDate: '2026-11-10' }), item(2, { dueDate: '2026-11-30', period: '2026-12' })];
    const logs = [log(10, '2026-11-12'), log(11, '2026-11-13')];
    const out = applyMatches(items, rematch(items, logs), logs);
    expect(out.map((i) => [i.completedByLogId, i.completedLate])).toEqual([
      [10, true],
      [11, false],
    ]);
  });

  it('applyMatches without logs shares the items it leaves unchanged and copies the ones it changes', () => {
    const open = item(1);
    const done = item(2, { status: 'done', completedByLogId: 10 });
    const reopened = item(3, { status: 'done', completedByLogId: 11 });
    const out = applyMatches([open, done, reopened], new Map([[2, 10]]));
    expect(out[0]).toBe(open);
    expect(out[1]).toBe(done);
    expect(out[2]).not.toBe(reopened);
    expect(out[2]).toMatchObject({ status: 'open', completedByLogId: null });
    expect(reopened.status).toBe('done');
  });

  it('prefers a containing window over an early one', () => {
    const early = item(1, { windowStart: '2026-11-20', windowEnd: '2026-11-30' });
    const containing = item(2, { windowStart: '2026-11-10', windowEnd: '2026-11-19', dueDate: '2026-11-15' });
    expect(matchLog(log(1, '2026-11-12'), [early, containing])?.id).toBe(2);
  });

  it('gives no early credit for period keys it cannot read', () => {
    const holiday = item(1, { period: '2026-中秋', windowStart: '2026-09-11', windowEnd: '2026-09-24', dueDate: '2026-09-20' });
    expect(matchLog(log(1, '2026-09-01'), [holiday])).toBeNull();
    expect(matchLog(log(1, '2026-09-12'), [holiday])?.id).toBe(1);
  });
});

describe('rematch', () => {
  it('reopens the item of a rejected log and lets a later log take it', () => {
    const items = [item(1, { status: 'done', completedByLogId: 10 })];
    const logs = [log(10, '2026-11-03', { status: 'rejected' }), log(11, '2026-11-09')];
    expect([...rematch(items, logs)]).toEqual([[1, 11]]);
  });

  it('replays logs in date order: two logs fill two items', () => {
    const items = [
      item(1, { windowEnd: '2026-11-15', dueDate: '2026-11-10' }),
      item(2, { windowStart: '2026-11-16', dueDate: '2026-11-25' }),
    ];
    const m = rematch(items, [log(21, '2026-11-20'), log(20, '2026-11-02')]);
    expect(m.get(1)).toBe(20);
    expect(m.get(2)).toBe(21);
  });

  it('never completes a cancelled item', () => {
    expect(rematch([item(1, { status: 'cancelled' })], [log(1, '2026-11-05')]).size).toBe(0);
  });

  it('applyMatches sets status and log id, leaving cancelled items alone', () => {
    const items = [item(1, { status: 'done', completedByLogId: 5 }), item(2), item(3, { status: 'cancelled' })];
    const out = applyMatches(items, new Map([[2, 9]]));
    expect(out.map((i) => [i.status, i.completedByLogId])).toEqual([
      ['open', null],
      ['done', 9],
      ['cancelled', null],
    ]);
  });
});

// Small random worlds: 2 customers, 2 actions, windows within a few months of 2026.
const arbItem = (id: number) =>
  fc
    .record({
      customerId: fc.integer({ min: 1, max: 2 }),
      actionCode: fc.constantFrom('a', 'b'),
      start: fc.integer({ min: 0, max: 100 }),
      len: fc.integer({ min: 0, max: 20 }),
      status: fc.constantFrom<DueItem['status']>('open', 'open', 'done', 'cancelled'),
    })
    .map((r): DueItem => {
      const windowStart = addDays('2026-01-01', r.start);
      return {
        id,
        memberId: 1,
        customerId: r.customerId,
        actionCode: r.actionCode,
        period: windowStart.slice(0, 7),
        windowStart,
        windowEnd: addDays(windowStart, r.len),
        dueDate: addDays(windowStart, r.len),
        status: r.status,
        completedByLogId: null,
      };
    });
const arbLog = (id: number) =>
  fc
    .record({
      customerId: fc.integer({ min: 1, max: 2 }),
      actionCode: fc.constantFrom('a', 'b'),
      day: fc.integer({ min: 0, max: 130 }),
      status: fc.constantFrom<ActionLog['status']>('valid', 'valid', 'rejected', 'voided'),
    })
    .map(
      (r): ActionLog => ({
        id,
        memberId: 1,
        customerId: r.customerId,
        actionCode: r.actionCode,
        occurredOn: addDays('2026-01-01', r.day),
        status: r.status,
      }),
    );
const world = fc
  .tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 12 }))
  .chain(([ni, nl]) =>
    fc.tuple(
      fc.tuple(...Array.from({ length: ni }, (_, i) => arbItem(i + 1))),
      fc.tuple(...Array.from({ length: nl }, (_, i) => arbLog(100 + i))),
    ),
  );

describe('rematch properties', () => {
  it('assigns each log to at most one item, only valid logs, only fitting non-cancelled items', () => {
    fc.assert(
      fc.property(world, ([items, logs]) => {
        const m = rematch(items, logs);
        const used = [...m.values()];
        expect(new Set(used).size).toBe(used.length);
        for (const [itemId, logId] of m) {
          const it = items.find((i) => i.id === itemId)!;
          const lg = logs.find((l) => l.id === logId)!;
          expect(lg.status).toBe('valid');
          expect(it.status).not.toBe('cancelled');
          expect(logFitsItem(lg, it)).not.toBeNull();
        }
      }),
    );
  });

  it('does not depend on input order', () => {
    fc.assert(
      fc.property(
        world.chain(([items, logs]) =>
          fc.tuple(
            fc.constant(items),
            fc.constant(logs),
            fc.shuffledSubarray(items, { minLength: items.length }),
            fc.shuffledSubarray(logs, { minLength: logs.length }),
          ),
        ),
        ([items, logs, items2, logs2]) => {
          expect([...rematch(items2, logs2)].sort()).toEqual([...rematch(items, logs)].sort());
        },
      ),
    );
  });

  it('matchLog agrees with rematch for a single log against open items', () => {
    fc.assert(
      fc.property(world, ([items, logs]) => {
        const open = items.filter((i) => i.status === 'open');
        for (const l of logs) {
          const hit = matchLog(l, open);
          const m = rematch(open, [l]);
          expect(hit ? [[hit.id, l.id]] : []).toEqual([...m]);
        }
      }),
    );
  });
});
