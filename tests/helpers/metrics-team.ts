import { expect } from 'vitest';
import { customers, memberIdentities, members, orders, regions, stageChanges, stageReviews } from '../../src/db/schema.js';
import type { Services } from '../../src/services.js';
import { seedSmallTeam } from './team.js';
import { buildTestApp } from './test-app.js';

/**
 * The small team plus what step 3 reads: collections a year back and in the last 90 days, a
 * declining customer nobody visits, stage history, and a second region with its own manager.
 */
export function seedMetricsTeam(services: Services) {
  const team = seedSmallTeam(services);
  const { db } = services;
  const { hdzg, hdjx, jlj } = team.customers;
  const pay = (customerId: number, date: string, yuan: number, kind: 'order' | 'collection' = 'collection') =>
    db
      .insert(orders)
      .values({ customerId, kind, date, amountFen: yuan * 100 })
      .run();
  pay(hdzg.id, '2025-12-01', 1_000_000);
  pay(hdzg.id, '2026-10-10', 800_000);
  pay(hdjx.id, '2026-09-15', 2_000_000);
  pay(jlj.id, '2025-12-20', 3_000_000);
  pay(hdzg.id, '2026-08-01', 500_000, 'order');
  pay(hdzg.id, '2026-10-01', 600_000, 'order');
  const yzdq = db
    .insert(customers)
    .values({ name: '扬州电气', ownerId: team.wang.id, regionId: team.region.id, stage: 'declining', stageSince: '2026-09-01' })
    .returning()
    .get();
  const at = (d: string) => Date.parse(`${d}T09:00:00+08:00`);
  db.insert(stageChanges)
    .values([
      { customerId: hdzg.id, fromStage: null, toStage: 'incubating', at: at('2026-08-01') },
      { customerId: hdjx.id, fromStage: null, toStage: 'incubating', at: at('2026-06-01') },
      { customerId: hdjx.id, fromStage: 'incubating', toStage: 'growing', at: at('2026-10-20') },
      { customerId: yzdq.id, fromStage: 'stable', toStage: 'declining', at: at('2026-09-01') },
    ])
    .run();
  const other = db.insert(regions).values({ name: '华南区', weightsJson: team.region.weightsJson }).returning().get();
  const south = db.insert(members).values({ name: '李经理', role: 'manager', regionId: other.id }).returning().get();
  db.insert(memberIdentities).values({ memberId: south.id, platform: 'console', externalId: '李经理' }).run();
  return { ...team, yzdq, south };
}

export function addReview(services: Services, customerId: number, repId: number, repPick: string, finalStage: string) {
  services.db
    .insert(stageReviews)
    .values({
      customerId,
      repId,
      repPick,
      finalStage,
      status: repPick === finalStage ? 'approved' : 'overridden',
      createdAt: 1,
      decidedAt: 2,
    })
    .run();
}

export type Said = { duplicate: boolean; replies: Array<{ reply: any; text: string }> };

/** buildTestApp with the metrics team and say/click helpers (chat: 'dm' unless given). */
export async function metricsApp(seed: (s: Services, team: ReturnType<typeof seedMetricsTeam>) => void = () => {}) {
  let team!: ReturnType<typeof seedMetricsTeam>;
  const built = await buildTestApp({
    seed: (s) => {
      team = seedMetricsTeam(s);
      seed(s, team);
    },
  });
  const say = async (as: string, text: string, opts: { id?: string; chat?: 'dm' | 'group' } = {}): Promise<Said> => {
    const res = await built.app.inject({ method: 'POST', url: '/console/messages', payload: { as, text, ...opts } });
    expect(res.statusCode).toBe(200);
    return res.json() as Said;
  };
  const click = async (as: string, action: string, value: Record<string, string>): Promise<Said> => {
    const res = await built.app.inject({ method: 'POST', url: '/console/actions', payload: { as, action, value } });
    return res.json() as Said;
  };
  return { ...built, team, say, click };
}
