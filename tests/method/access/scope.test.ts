import { describe, expect, it, vi } from 'vitest';
import { VIEW_CUSTOMER_COLUMNS } from '../../../src/db/repos/customers.repo.js';
import { regionView, scopeFor } from '../../../src/method/access/scope.js';
import { seedSmallTeam } from '../../helpers/team.js';
import { testServices } from '../../helpers/test-app.js';

// scopeFor runs on every dashboard request; on the 100,000-customer benchmark region reading the
// customers cost about a second per request. The region's view is kept in services.memo and re-read
// only when a customer or member it holds changed (issue 15 item 4: the page stays fast on that region).

const EXP = Date.parse('2100-01-01');

const pick = (row: object, keys: string[]) => Object.fromEntries(Object.entries(row).filter(([k]) => keys.includes(k)));

function setUp() {
  const { services } = testServices();
  const team = seedSmallTeam(services);
  // A second region's customer, which the first region's scope must never hold.
  const db = services.db.$client;
  const other = Number(db.prepare(`INSERT INTO regions (name, weights_json) VALUES ('华南区', '{}')`).run().lastInsertRowid);
  const boss = Number(db.prepare(`INSERT INTO members (name, role, region_id) VALUES ('刘经理', 'manager', ?)`).run(other).lastInsertRowid);
  db.prepare(`INSERT INTO customers (name, owner_id, region_id, stage, stage_since) VALUES ('南方客户', ?, ?, 'stable', '2026-01-01')`).run(
    boss,
    other,
  );
  const manager = { m: team.manager.id, role: 'manager' as const, g: team.region.id, exp: EXP };
  return { services, team, manager, db };
}

describe('scopeFor on repeated requests', () => {
  it('reads the region’s customers once while nothing is written, with the same content as a fresh read', () => {
    const { services, team, manager } = setUp();
    const reads = vi.spyOn(services.repos.customers, 'viewCustomers');
    const first = scopeFor(services, manager)!;
    const again = scopeFor(services, manager)!;
    expect(reads).toHaveBeenCalledTimes(1);
    expect(again.customers).toBe(first.customers);
    const fresh = services.repos.customers
      .all()
      .filter((c) => c.regionId === team.region.id)
      .map((c) => pick(c, Object.keys(VIEW_CUSTOMER_COLUMNS)));
    expect(first.customers).toEqual(fresh);
    expect(first.customers.map((c) => c.name)).not.toContain('南方客户');
    // A rep's scope from the same kept view: only their own customers.
    const rep = scopeFor(services, { m: team.li.id, role: 'rep', g: team.region.id, exp: EXP })!;
    expect(reads).toHaveBeenCalledTimes(1);
    expect(rep.customers.map((c) => c.id)).toEqual(fresh.filter((c) => c.ownerId === team.li.id).map((c) => c.id));
    expect(rep.customers.length).toBeGreaterThan(0);
  });

  it('re-reads after a customer moved to another rep: the move shows in the next request', () => {
    const { services, team, manager, db } = setUp();
    const before = scopeFor(services, manager)!;
    const moved = before.customers.find((c) => c.ownerId === team.li.id)!;
    db.prepare('UPDATE customers SET owner_id = ? WHERE id = ?').run(team.wang.id, moved.id);
    const after = scopeFor(services, manager)!;
    expect(after.customers.find((c) => c.id === moved.id)!.ownerId).toBe(team.wang.id);
    const rep = scopeFor(services, { m: team.li.id, role: 'rep', g: team.region.id, exp: EXP })!;
    expect(rep.customers.map((c) => c.id)).not.toContain(moved.id);
  });

  it('keeps the lists frozen, so no caller can reorder what the next request gets', () => {
    const { services } = setUp();
    const regions = services.repos.regions.all();
    const view = regionView(services, regions);
    expect(view.teamCustomers.map((c) => c.name)).toContain('南方客户');
    expect(() => view.teamCustomers.sort((a, b) => b.id - a.id)).toThrow();
  });
});
