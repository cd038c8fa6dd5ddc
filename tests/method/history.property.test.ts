import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ACTIONS } from '../../src/domain/packs.js';
import { STAGES, type Stage } from '../../src/domain/stages.js';
import { writeLog } from '../../src/method/logs/log-write.js';
import { claimPlan, replanAction } from '../../src/method/plans/plan-ops.js';
import { applyStageChange } from '../../src/method/stages/stage-change.js';
import type { Services } from '../../src/services.js';
import { seedSmallTeam } from '../helpers/team.js';
import { testServices } from '../helpers/test-app.js';

// Issue 14 item 1, as a property: whatever sequence of logs, stage changes and frequency changes
// happens, a stage or frequency change never changes the due or done count of any day before the
// date it takes effect (so no completed week, warning, profile or ranking is rewritten).

type Op =
  | { kind: 'log'; days: number; customer: number; action: number }
  | { kind: 'stage'; days: number; customer: number; stage: Stage }
  | { kind: 'frequency'; days: number; customer: number; times: number };

const PACK = DEFAULT_ACTIONS.filter((a) => a.stage !== null);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('log' as const),
    days: fc.integer({ min: 0, max: 9 }),
    customer: fc.nat(2),
    action: fc.nat(PACK.length - 1),
  }),
  fc.record({
    kind: fc.constant('stage' as const),
    days: fc.integer({ min: 0, max: 20 }),
    customer: fc.nat(2),
    stage: fc.constantFrom(...STAGES),
  }),
  fc.record({
    kind: fc.constant('frequency' as const),
    days: fc.integer({ min: 0, max: 20 }),
    customer: fc.nat(2),
    times: fc.integer({ min: 1, max: 3 }),
  }),
);

/** Due and done per (member, due date) for days before `before`, cancelled items excluded. */
function countsBefore(services: Services, before: string): string[] {
  return (
    services.db.$client
      .prepare(`SELECT member_id, due_date, count(*) AS due, sum(status = 'done') AS done FROM due_items
    WHERE status != 'cancelled' AND due_date < ? GROUP BY member_id, due_date ORDER BY member_id, due_date`)
      .all(before) as any[]
  ).map((r) => `${r.member_id}|${r.due_date}|${r.due}|${r.done}`);
}

function run(ops: Op[]): void {
  const { services, clock } = testServices({}, '2026-10-05T02:00:00.000Z');
  const team = seedSmallTeam(services);
  const customers = [team.customers.hdzg, team.customers.hdjx, team.customers.jlj];
  claimPlan(services, team.li.id);
  claimPlan(services, team.wang.id);
  let n = 0;
  for (const o of ops) {
    clock.advance(o.days * 86_400_000);
    const today = services.today();
    const customer = services.repos.customers.byId(customers[o.customer]!.id)!;
    if (o.kind === 'log') {
      const action = PACK[o.action]!;
      const by = services.repos.members.byId(customer.ownerId)!;
      writeLog(services, { by, customer, action, date: today, note: null, platform: 'test', sourceId: `p${n++}` });
      continue;
    }
    const before = countsBefore(services, today);
    if (o.kind === 'stage' && o.stage !== customer.stage) {
      services.db.transaction(() => applyStageChange(services, customer, o.stage, team.manager.id, 'property'));
    } else if (o.kind === 'frequency') {
      const action = PACK.find((a) => a.stage === customer.stage && a.frequency?.kind === 'periodic');
      if (action)
        services.db.transaction(() => replanAction(services, customer, action, { kind: 'periodic', period: 'month', times: o.times }));
    }
    expect(countsBefore(services, today)).toEqual(before);
  }
}

describe('history is immutable (property)', () => {
  it('no stage or frequency change alters a day before it takes effect', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 14 }), (ops) => {
        run(ops);
      }),
      { numRuns: 40 },
    );
  });
});
