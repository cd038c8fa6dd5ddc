import { and, asc, eq, inArray } from 'drizzle-orm';
import { actionLogs, dueItems, orders, targetVersions } from '../db/schema.js';
import type { DueItem, OrderRow } from '../domain/types.js';
import type { Services } from '../services.js';

// Read-only queries of the dashboard and the exports (customer-list scoped, where the repos are
// region scoped); each names what it serves.

export type OrderKind = 'order' | 'collection';

/** Every due item of these customers (heat, forecast completion, battle map). */
export function dueItemsOf(services: Services, customerIds: number[]): DueItem[] {
  if (customerIds.length === 0) return [];
  return services.db.select().from(dueItems).where(inArray(dueItems.customerId, customerIds))
    .orderBy(asc(dueItems.dueDate), asc(dueItems.id)).all();
}

/** Orders or collections of these customers. */
export function ordersOf(services: Services, customerIds: number[], kind: OrderKind): OrderRow[] {
  if (customerIds.length === 0) return [];
  return services.db.select({ customerId: orders.customerId, date: orders.date, amountFen: orders.amountFen })
    .from(orders).where(and(inArray(orders.customerId, customerIds), eq(orders.kind, kind))).all();
}

/** Full order rows, for the data export. */
export function allOrders(services: Services, customerIds: number[]) {
  if (customerIds.length === 0) return [];
  return services.db.select().from(orders).where(inArray(orders.customerId, customerIds))
    .orderBy(asc(orders.customerId), asc(orders.date), asc(orders.id)).all();
}

/** Action logs of these customers, oldest first (the logs export). */
export function logsOf(services: Services, customerIds: number[]) {
  if (customerIds.length === 0) return [];
  return services.db.select().from(actionLogs).where(inArray(actionLogs.customerId, customerIds))
    .orderBy(asc(actionLogs.occurredOn), asc(actionLogs.id)).all();
}

/** The split JSON and status of the latest saved target version of a region and period (published ones only for reps). */
export function latestSplitJson(services: Services, regionId: number, period: string, publishedOnly = false): { json: string; status: 'draft' | 'published' } | null {
  const rows = services.db.select({ v: targetVersions.version, json: targetVersions.splitJson, status: targetVersions.status }).from(targetVersions)
    .where(and(eq(targetVersions.regionId, regionId), eq(targetVersions.period, period), publishedOnly ? eq(targetVersions.status, 'published') : undefined)).all();
  rows.sort((a, b) => b.v - a.v);
  return rows[0] ? { json: rows[0].json, status: rows[0].status } : null;
}
