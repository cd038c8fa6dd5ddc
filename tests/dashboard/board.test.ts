import { describe, expect, it } from 'vitest';
import { dueItems } from '../../src/db/schema.js';
import { addDays } from '../../src/domain/dates.js';
import { seedSmallTeam } from '../helpers/team.js';
import { buildTestApp } from '../helpers/test-app.js';

// The action board's team median (issue 15 item 4): a week's median is drawn only when the median
// rep with items that week had at least 3 of them; with one or two, every rate is 0%, 50% or 100%.

describe('board.json team median', () => {
  it('is shown only in weeks where the median rep had at least 3 items due', async () => {
    let team!: ReturnType<typeof seedSmallTeam>;
    const built = await buildTestApp({
      seed: (s) => {
        team = seedSmallTeam(s);
      },
    });
    const add = (memberId: number, customerId: number, dueDate: string, n: number, status: 'open' | 'done' = 'open') => {
      for (let i = 0; i < n; i++)
        built.services.db
          .insert(dueItems)
          .values({
            memberId,
            customerId,
            actionCode: 'onsite_revisit',
            period: `t-${dueDate}-${i}-${status}`,
            windowStart: addDays(dueDate, -3),
            windowEnd: addDays(dueDate, 3),
            dueDate,
            status,
          })
          .run();
    };
    const { li, wang, customers } = team;
    // Week of 11-09: 小李 3 items (2 done), 老王 4 (all done): median rep 3.5 items, shown.
    add(li.id, customers.hdzg.id, '2026-11-10', 2, 'done');
    add(li.id, customers.hdzg.id, '2026-11-11', 1);
    add(wang.id, customers.jlj.id, '2026-11-12', 4, 'done');
    // Week of 11-16: 小李 1 item, 老王 2: median rep 1.5 items, not shown though both are at 100%.
    add(li.id, customers.hdzg.id, '2026-11-17', 1, 'done');
    add(wang.id, customers.jlj.id, '2026-11-18', 2, 'done');
    const link = await built.app.inject({ method: 'POST', url: '/console/messages', payload: { as: '张经理', text: '/看板' } });
    const token = /\?t=([\w.-]+)/.exec(JSON.stringify(link.json()))![1]!;
    const board = (await built.app.inject({ url: `/warroom/api/board.json?t=${token}` })).json();
    const byWeek = Object.fromEntries(board.teamMedian.map((p: { week: string }) => [p.week, p]));
    expect(board.medianMinItems).toBe(3);
    expect(byWeek['2026-11-09']).toEqual({ week: '2026-11-09', rate: (2 / 3 + 1) / 2, itemsPerRep: 3.5, shown: true });
    expect(byWeek['2026-11-16']).toEqual({ week: '2026-11-16', rate: 1, itemsPerRep: 1.5, shown: false });
    // This week only 小李 has items (3 of them): the median of the reps with a rate is his.
    expect(byWeek['2026-11-23']).toMatchObject({ itemsPerRep: 3, shown: true });
    // A week with nothing due has no median at all.
    expect(byWeek['2026-11-02']).toEqual({ week: '2026-11-02', rate: null, itemsPerRep: null, shown: false });
  });
});
