import { and, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { OrderRow } from '../../domain/types.js';
import type { DB } from '../client.js';
import { customers, orders } from '../schema.js';
import { chunked } from './chunks.js';

export type OrderKind = (typeof orders.$inferSelect)['kind'];

/** Orders and collections, read as the domain's OrderRow (the forecast reads collections, the repurchase cycle orders). */
export class OrdersRepo {
  constructor(private readonly db: DB) {}

  /** Every row of one kind for the customers of a region (one query, joined, for reports). */
  /** The region's orders of one kind, all of them or from a date on. */
  inRegion(regionId: number, kind: OrderKind, from?: string): OrderRow[] {
    return this.db
      .select({ customerId: orders.customerId, date: orders.date, amountFen: orders.amountFen })
      .from(orders)
      .innerJoin(customers, eq(customers.id, orders.customerId))
      .where(and(eq(customers.regionId, regionId), eq(orders.kind, kind), from === undefined ? undefined : gte(orders.date, from)))
      .all();
  }

  /**
   * Per customer of a region, orders minus collections dated before `date` (the receivables
   * forecast reads two years of rows and starts from this balance; positive = still owed).
   */
  balancesBefore(regionId: number, date: string): Map<number, number> {
    const rows = this.db
      .select({
        customerId: orders.customerId,
        balance: sql<number>`sum(case when ${orders.kind} = 'order' then ${orders.amountFen} else -${orders.amountFen} end)`,
      })
      .from(orders)
      .innerJoin(customers, eq(customers.id, orders.customerId))
      .where(and(eq(customers.regionId, regionId), lt(orders.date, date)))
      .groupBy(orders.customerId)
      .all();
    return new Map(rows.map((r) => [r.customerId, r.balance]));
  }

  forCustomers(customerIds: number[], kind: OrderKind): OrderRow[] {
    if (customerIds.length === 0) return [];
    return chunked(customerIds, (ids) =>
      this.db
        .select({ customerId: orders.customerId, date: orders.date, amountFen: orders.amountFen })
        .from(orders)
        .where(and(inArray(orders.customerId, ids), eq(orders.kind, kind)))
        .all(),
    );
  }
}
