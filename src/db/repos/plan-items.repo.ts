import { and, eq, gte, inArray } from 'drizzle-orm';
import type { DB } from '../client.js';
import { dueItems } from '../schema.js';
import { dueItemKey } from '../../domain/plan.js';
import type { DueItem } from '../../domain/types.js';

/** Plan maintenance on due_items: what /plan, stage changes and frequency changes need. */
export class PlanItemsRepo {
  constructor(private readonly db: DB) {}

  /**
   * dueItemKey()s of every item of these customers, cancelled ones included: the UNIQUE index
   * (customer, action, period) counts them, so the generator must skip them too.
   */
  keysFor(customerIds: number[]): Set<string> {
    if (customerIds.length === 0) return new Set();
    const rows = this.db.select({ c: dueItems.customerId, a: dueItems.actionCode, p: dueItems.period })
      .from(dueItems).where(inArray(dueItems.customerId, customerIds)).all();
    return new Set(rows.map((r) => dueItemKey(r.c, r.a, r.p)));
  }

  openForMember(memberId: number): DueItem[] {
    return this.db.select().from(dueItems).where(and(eq(dueItems.memberId, memberId), eq(dueItems.status, 'open'))).all();
  }

  /** Open items of one customer+action due on or after a date (a frequency change replaces them). */
  openFrom(customerId: number, actionCode: string, from: string): DueItem[] {
    return this.db.select().from(dueItems).where(and(eq(dueItems.customerId, customerId), eq(dueItems.actionCode, actionCode),
      eq(dueItems.status, 'open'), gte(dueItems.dueDate, from))).all();
  }

  cancel(ids: number[]): number {
    if (ids.length === 0) return 0;
    return this.db.update(dueItems).set({ status: 'cancelled' })
      .where(and(inArray(dueItems.id, ids), eq(dueItems.status, 'open'))).run().changes;
  }
}
