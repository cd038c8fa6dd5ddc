import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { customers, dueItems } from '../../src/db/schema.js';
import { seedDemo } from '../../src/demo/seed.js';
import { testServices } from '../helpers/test-app.js';

// RegionActivityRepo reads due items as one JSON document (faster than drizzle's row mapping for a
// large region). The rows must be exactly drizzle's: every column, its type, and the order.
describe('region activity reads', () => {
  const { services } = testServices();
  seedDemo(services);
  const drizzleItems = (from = '0000-00-00', to = '9999-99-99') =>
    services.db
      .select({ i: dueItems })
      .from(dueItems)
      .innerJoin(customers, eq(customers.id, dueItems.customerId))
      .where(eq(customers.regionId, 1))
      .orderBy(asc(dueItems.dueDate), asc(dueItems.id))
      .all()
      .map((r) => r.i)
      .filter((i) => i.dueDate >= from && i.dueDate <= to);

  it('reads the same item rows as drizzle, in the same order', () => {
    const repo = services.repos.activity;
    const all = repo.itemsInRegion(1);
    expect(all.length).toBeGreaterThan(100);
    expect(all).toEqual(drizzleItems());
    expect(all.some((i) => i.completedByLogId !== null) && all.some((i) => i.completedByLogId === null)).toBe(true);
    expect(repo.itemsInRegionBetween(1, '2026-10-01', '2026-11-15')).toEqual(drizzleItems('2026-10-01', '2026-11-15'));
    expect(repo.itemsInRegion(999)).toEqual([]);
  });
});
