import { describe, expect, it } from 'vitest';
import { keylessOrders, ordersByKey } from '../../src/method/excel/context.js';
import { seedSmallTeam } from '../helpers/team.js';
import { testServices } from '../helpers/test-app.js';

// Every query that takes a list of ids binds it in slices (src/db/repos/chunks.ts): SQLite binds at
// most 32,766 variables, and on a 100,000-customer region the dashboard and exports built one list
// of every customer id and answered 500 (issue 13 item 5).

const MANY = 40_000;

describe("id lists past SQLite's variable limit", () => {
  it('every id-list read and write answers for 40,000 ids, with the rows of the real ones', () => {
    const { services } = testServices();
    const team = seedSmallTeam(services);
    const { hdzg, jlj } = team.customers;
    const ids = [...Array.from({ length: MANY }, (_, i) => 1_000_000 + i), hdzg.id, jlj.id];
    const { customers, frequencies, plans, orders } = services.repos;
    expect([...customers.namesOf(ids).values()].sort()).toEqual(['华东重工', '金陵机床'].sort());
    expect(frequencies.activeFor(ids)).toEqual({});
    expect(plans.keysFor(ids).size).toBe(2);
    expect(orders.forCustomers(ids, 'order')).toEqual([]);
    expect(plans.cancel([...Array.from({ length: MANY }, (_, i) => 2_000_000 + i), team.items.revisit.id])).toBe(1);
    expect(keylessOrders(services, ids).size).toBe(0);
    expect(
      ordersByKey(
        services,
        Array.from({ length: MANY }, (_, i) => `K${i}`),
      ).size,
    ).toBe(0);
  });
});
