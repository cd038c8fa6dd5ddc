import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { customers, dueItems } from '../../src/db/schema.js';
import { seedDemo } from '../../src/demo/seed.js';
import { testServices } from '../helpers/test-app.js';

// RegionActivityRepo reads due items as one JSON document (faster than drizzle's row mapping for a
// large region), or as columns for the calibration. The rows must be exactly drizzle's: every
// column, its type, and the order.
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

  it('reads the same items and valid logs as columns, each string once', () => {
    const { items, logs, strings } = services.repos.activity.columns(1);
    const s = (i: number) => strings[i]!;
    const decoded = Array.from({ length: items.count }, (_, i) => ({
      id: items.id[i],
      memberId: items.memberId[i],
      customerId: items.customerId[i],
      actionCode: s(items.actionCode[i]!),
      period: s(items.period[i]!),
      windowStart: s(items.windowStart[i]!),
      windowEnd: s(items.windowEnd[i]!),
      dueDate: s(items.dueDate[i]!),
      status: s(items.status[i]!),
      completedByLogId: Number.isNaN(items.completedByLogId[i]) ? null : items.completedByLogId[i],
      completedLate: items.completedLate[i] === 1,
    }));
    expect(decoded.sort((a, b) => a.id! - b.id!)).toEqual(
      drizzleItems()
        .map(({ createdAt: _, ...i }) => i)
        .sort((a, b) => a.id - b.id),
    );
    expect(new Set(strings).size).toBe(strings.length);
    const valid = services.repos.activity.logsInRegion(1).filter((l) => l.status === 'valid');
    expect(logs.count).toBe(valid.length);
    expect(Array.from({ length: logs.count }, (_, k) => logs.id[k])).toEqual(
      [...valid].sort((a, b) => (a.occurredOn !== b.occurredOn ? (a.occurredOn < b.occurredOn ? -1 : 1) : a.id - b.id)).map((l) => l.id),
    );
    expect(services.repos.activity.columns(999).items.count).toBe(0);
  });
});
