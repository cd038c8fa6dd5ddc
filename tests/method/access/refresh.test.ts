import { describe, expect, it, vi } from 'vitest';
import { refreshView, scopeFor, VIEW_PAGE } from '../../../src/method/access/scope.js';
import type { Services } from '../../../src/services.js';
import { seedNumberedCustomers, seedSmallTeam } from '../../helpers/team.js';
import { testServices } from '../../helpers/test-app.js';

// A view of more than VIEW_PAGE customers is re-read a page per turn of the event loop before the
// request builds its scope (refreshView), so a re-read of the step-3 region's 100,000 customers
// (after a stage change, say) never holds the loop for the whole read (issue 13).

const EXP = Date.parse('2100-01-01');

function setUp(extra: number) {
  const { services } = testServices();
  const team = seedSmallTeam(services);
  const db = services.db.$client;
  const other = Number(db.prepare(`INSERT INTO regions (name, weights_json) VALUES ('华南区', '{}')`).run().lastInsertRowid);
  const boss = Number(db.prepare(`INSERT INTO members (name, role, region_id) VALUES ('刘经理', 'manager', ?)`).run(other).lastInsertRowid);
  // The other region's customers sit between this region's in id order: every page must skip them.
  seedNumberedCustomers(services, team.region.id, team.wang.id, Math.floor(extra / 2));
  const insert = db.prepare(
    `INSERT INTO customers (name, owner_id, region_id, stage, stage_since) VALUES (?, ?, ?, 'growing', '2026-01-01')`,
  );
  for (let i = 0; i < 3; i++) insert.run(`南方客户${i}`, boss, other);
  for (let i = Math.floor(extra / 2); i < extra; i++) insert.run(`后加客户${i}`, team.li.id, team.region.id);
  const manager = { m: team.manager.id, role: 'manager' as const, g: team.region.id, exp: EXP };
  return { services, team, manager, db };
}

/** Each page read, with how many turns of the event loop had passed when it was made. */
function watchPages(services: Services) {
  const repo = services.repos.customers;
  const original = repo.viewCustomersAfter.bind(repo);
  const at: number[] = [];
  let turns = 0;
  let ticking = true;
  const tick = () => {
    turns++;
    if (ticking) setImmediate(tick);
  };
  setImmediate(tick);
  vi.spyOn(repo, 'viewCustomersAfter').mockImplementation((...args) => {
    at.push(turns);
    return original(...args);
  });
  return { at, stop: () => (ticking = false) };
}

describe('refreshView of a large view', () => {
  it('reads it a page per turn of the event loop, into the view scopeFor then keeps', async () => {
    const { services, team, manager } = setUp(2 * VIEW_PAGE + 10);
    const pages = watchPages(services);
    await refreshView(services, manager);
    pages.stop();
    expect(pages.at).toHaveLength(3);
    expect(pages.at[1]).toBeGreaterThan(pages.at[0]!);
    expect(pages.at[2]).toBeGreaterThan(pages.at[1]!);
    const whole = vi.spyOn(services.repos.customers, 'viewCustomers');
    const scope = scopeFor(services, manager)!;
    expect(whole).not.toHaveBeenCalled();
    expect(scope.teamCustomers).toHaveLength(3 + 2 * VIEW_PAGE + 10);
    whole.mockRestore();
    expect(scope.teamCustomers).toEqual(services.repos.customers.viewCustomers([team.region.id]));
    expect(scope.teamCustomers.some((c) => c.name.startsWith('南方'))).toBe(false);
  });

  it('shares one read between requests arriving together, and re-reads after a stage change', async () => {
    const { services, team, manager, db } = setUp(VIEW_PAGE + 1);
    const pages = watchPages(services);
    await Promise.all([refreshView(services, manager), refreshView(services, manager)]);
    expect(pages.at).toHaveLength(2);
    await refreshView(services, manager);
    expect(pages.at).toHaveLength(2);
    db.prepare(`UPDATE customers SET stage = 'declining' WHERE id = ?`).run(team.customers.jlj.id);
    await refreshView(services, manager);
    pages.stop();
    expect(pages.at).toHaveLength(4);
    expect(scopeFor(services, manager)!.teamCustomers.find((c) => c.id === team.customers.jlj.id)!.stage).toBe('declining');
  });

  it('reads a view of VIEW_PAGE customers or fewer in one go', async () => {
    const { services, manager } = setUp(VIEW_PAGE - 3);
    const pages = watchPages(services);
    await refreshView(services, manager);
    pages.stop();
    expect(pages.at).toHaveLength(0);
    expect(scopeFor(services, manager)!.teamCustomers).toHaveLength(VIEW_PAGE);
  });
});
