import { describe, expect, it } from 'vitest';
import { dueItems } from '../../src/db/schema.js';
import { seedSmallTeam } from '../helpers/team.js';
import { testServices } from '../helpers/test-app.js';

describe('ScopeReadsRepo.itemsDueBetween (the action board’s weeks)', () => {
  it('equals every item of the customers cut to the due dates in range, whatever its status', () => {
    const { services } = testServices();
    const team = seedSmallTeam(services);
    const { hdzg, hdjx, jlj } = team.customers;
    const add = (customerId: number, dueDate: string, status: 'open' | 'done' | 'cancelled') =>
      services.db
        .insert(dueItems)
        .values({
          memberId: team.wang.id,
          customerId,
          actionCode: 'tech_qa',
          period: dueDate,
          windowStart: dueDate,
          windowEnd: dueDate,
          dueDate,
          status,
        })
        .run();
    add(jlj.id, '2026-11-01', 'done');
    add(jlj.id, '2026-11-23', 'cancelled');
    add(jlj.id, '2026-11-30', 'open');
    const reads = services.repos.scopeReads;
    const pick = (ids: number[], from: string, to: string) =>
      reads
        .dueItemsOf(ids)
        .filter((i) => i.dueDate >= from && i.dueDate <= to)
        .map((i) => ({ customerId: i.customerId, memberId: i.memberId, actionCode: i.actionCode, status: i.status, dueDate: i.dueDate }));
    const sorted = <T extends { dueDate: string; memberId: number }>(xs: T[]) =>
      [...xs].sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.memberId - b.memberId);
    for (const [ids, from, to] of [
      [[hdzg.id, hdjx.id, jlj.id], '2026-11-02', '2026-11-29'],
      [[jlj.id], '2026-11-01', '2026-11-30'],
      [[hdzg.id], '2026-11-26', '2026-11-30'],
      [[], '2026-01-01', '2026-12-31'],
    ] as const) {
      const got = reads.itemsDueBetween([...ids], from, to);
      expect(sorted(got)).toEqual(sorted(pick([...ids], from, to)));
    }
    expect(reads.itemsDueBetween([jlj.id], '2026-11-02', '2026-11-29')).toEqual([
      { customerId: jlj.id, memberId: team.wang.id, actionCode: 'tech_qa', status: 'cancelled', dueDate: '2026-11-23' },
    ]);
  });
});
