import { customers, dueItems, memberIdentities, members, regions } from '../../src/db/schema.js';
import type { Services } from '../../src/services.js';

/**
 * A small team for tests: 华东区, manager 张经理, reps 小李 and 老王, and a few customers with
 * due items in the week of 2026-11-23 (the fixed clock's week). Console identities are the names.
 */
export function seedSmallTeam(services: Services) {
  const { db } = services;
  const region = db
    .insert(regions)
    .values({ name: '华东区', weightsJson: JSON.stringify({ growing: 40, incubating: 15, stable: 30, declining: 5 }) })
    .returning()
    .get();
  const mk = (name: string, role: 'rep' | 'manager' | 'admin', managerId: number | null = null) => {
    const m = db.insert(members).values({ name, role, regionId: region.id, managerId }).returning().get();
    db.insert(memberIdentities).values({ memberId: m.id, platform: 'console', externalId: name }).run();
    return m;
  };
  const manager = mk('张经理', 'manager');
  const li = mk('小李', 'rep', manager.id);
  const wang = mk('老王', 'rep', manager.id);
  const cust = (name: string, ownerId: number, stage: 'incubating' | 'growing' | 'stable' | 'declining', aliases: string[] = []) =>
    db
      .insert(customers)
      .values({
        name,
        ownerId,
        regionId: region.id,
        stage,
        stageSince: '2026-01-01',
        aliasesJson: JSON.stringify(aliases),
        baselineFen: 100_000_000,
      })
      .returning()
      .get();
  const hdzg = cust('华东重工', li.id, 'incubating', ['重工']);
  const hdjx = cust('华东精密机械', li.id, 'growing');
  const jlj = cust('金陵机床', wang.id, 'stable', ['金陵']);
  const item = (
    memberId: number,
    customerId: number,
    actionCode: string,
    period: string,
    windowStart: string,
    windowEnd: string,
    dueDate: string,
  ) => db.insert(dueItems).values({ memberId, customerId, actionCode, period, windowStart, windowEnd, dueDate }).returning().get();
  const revisit = item(li.id, hdzg.id, 'onsite_revisit', '2026-11', '2026-11-01', '2026-11-30', '2026-11-25');
  const qa = item(li.id, hdzg.id, 'tech_qa', '2026-W47', '2026-11-16', '2026-11-29', '2026-11-27');
  const exec = item(li.id, hdjx.id, 'exec_visit', '2026-Q4', '2026-10-01', '2026-12-31', '2026-11-24');
  return { region, manager, li, wang, customers: { hdzg, hdjx, jlj }, items: { revisit, qa, exec } };
}

/**
 * `n` more customers of one rep, named 样本客户0000…: a burst of /log needs a different customer per
 * message, since a second log of the same action, customer and day asks 「再记一条？」 instead.
 */
export function seedNumberedCustomers(services: Services, regionId: number, ownerId: number, n: number): string[] {
  const names = Array.from({ length: n }, (_, i) => `样本客户${String(i).padStart(4, '0')}`);
  services.db.transaction((tx) => {
    for (const name of names)
      tx.insert(customers).values({ name, ownerId, regionId, stage: 'stable', stageSince: '2026-01-01', baselineFen: 10_000_000 }).run();
  });
  return names;
}
