import { describe, expect, it, vi } from 'vitest';
import { customerPool, fresh } from '../../../src/method/logs/customer-pool.js';
import type { Services } from '../../../src/services.js';
import { seedSmallTeam } from '../../helpers/team.js';
import { buildTestApp, testServices } from '../../helpers/test-app.js';

// The pool chat commands match names against is kept until a customer's name, alias, owner, region,
// stage or baseline changes (migrations 0014-0015): reading 100,000 rows on every /记录 held the event
// loop for 1.5-1.8 s on the step-3 region.

function setUp(services: Services) {
  const team = seedSmallTeam(services);
  const reads = vi.spyOn(services.repos.customers, 'inRegion');
  return { team, reads, sql: services.db.$client, pool: () => customerPool(services, team.li) };
}

describe('the kept customer pool', () => {
  it('survives a /记录, and the command acts on the customer as stored now', async () => {
    let t!: ReturnType<typeof setUp>;
    const { app, services } = await buildTestApp({ seed: (s) => (t = setUp(s)) });
    const before = t.pool();
    const say = (text: string) => app.inject({ method: 'POST', url: '/console/messages', payload: { as: '小李', text } });
    expect((await say('/记录 现场回访 华东重工')).statusCode).toBe(200);
    expect((await say('/记录 技术答疑 华东重工')).statusCode).toBe(200);
    expect(services.db.$client.prepare('SELECT count(*) FROM action_logs').pluck().get()).toBe(2);
    expect(t.pool()).toBe(before);
    expect(t.reads).toHaveBeenCalledTimes(1);
    // The kept row's trigger-kept date is the old one; fresh() reads what the log wrote.
    const kept = before.find((c) => c.id === t.team.customers.hdzg.id)!;
    expect(kept.lastPackActionOn).toBeNull();
    expect(fresh(services, kept).lastPackActionOn).toBe(services.today());
  });

  it('is read again after a rename, an alias, a new customer or an owner change, by any writer', () => {
    const { services } = testServices();
    const t = setUp(services);
    const id = t.team.customers.jlj.id;
    const changes = [
      () => t.sql.prepare(`UPDATE customers SET name = '金陵机床（新）' WHERE id = ?`).run(id),
      () => t.sql.prepare(`UPDATE customers SET aliases_json = '["金陵新厂"]' WHERE id = ?`).run(id),
      () => t.sql.prepare(`UPDATE customers SET owner_id = ? WHERE id = ?`).run(t.team.li.id, id),
      () =>
        t.sql
          .prepare(
            `INSERT INTO customers (name, owner_id, region_id, stage, stage_since) VALUES ('新客户', ?, ?, 'incubating', '2026-11-01')`,
          )
          .run(t.team.li.id, t.team.region.id),
    ];
    let pool = t.pool();
    for (const [i, change] of changes.entries()) {
      change();
      const next = t.pool();
      expect(next, `change ${i}`).not.toBe(pool);
      pool = next;
    }
    expect(pool.find((c) => c.id === id)).toMatchObject({ name: '金陵机床（新）', aliasesJson: '["金陵新厂"]', ownerId: t.team.li.id });
    expect(pool.some((c) => c.name === '新客户')).toBe(true);
    // An alias written with its own value again moves nothing.
    t.sql.prepare(`UPDATE customers SET aliases_json = aliases_json`).run();
    expect(t.pool()).toBe(pool);
    expect(t.reads).toHaveBeenCalledTimes(changes.length + 1);
  });
});
