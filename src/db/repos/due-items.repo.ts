import { and, asc, between, eq, lte } from 'drizzle-orm';
import type { DueItem } from '../../domain/types.js';
import type { DB } from '../client.js';
import { customers, dueItems } from '../schema.js';

export type NewDueItem = typeof dueItems.$inferInsert;

export class DueItemsRepo {
  constructor(private readonly db: DB) {}

  byId(id: number): DueItem | null {
    return this.db.select().from(dueItems).where(eq(dueItems.id, id)).get() ?? null;
  }

  /** Items of a rep due between two dates inclusive (a week, a quarter). */
  forMemberBetween(memberId: number, from: string, to: string): DueItem[] {
    return this.db
      .select()
      .from(dueItems)
      .where(and(eq(dueItems.memberId, memberId), between(dueItems.dueDate, from, to)))
      .orderBy(asc(dueItems.dueDate), asc(dueItems.id))
      .all();
  }

  /** A rep's open items on a region's customers due up to a date (overdue and this week's), oldest first. */
  openForMemberUntil(memberId: number, regionId: number, to: string): DueItem[] {
    return this.db
      .select({ i: dueItems })
      .from(dueItems)
      .innerJoin(customers, eq(customers.id, dueItems.customerId))
      .where(and(eq(dueItems.memberId, memberId), eq(customers.regionId, regionId), eq(dueItems.status, 'open'), lte(dueItems.dueDate, to)))
      .orderBy(asc(dueItems.dueDate), asc(dueItems.id))
      .all()
      .map((r) => r.i);
  }

  forCustomerAction(customerId: number, actionCode: string): DueItem[] {
    return this.db
      .select()
      .from(dueItems)
      .where(and(eq(dueItems.customerId, customerId), eq(dueItems.actionCode, actionCode)))
      .orderBy(asc(dueItems.windowStart), asc(dueItems.id))
      .all();
  }

  /** Inserts new items; an existing (customer, action, period) is left alone, so plans are idempotent. */
  insertMany(items: NewDueItem[]): number {
    let n = 0;
    for (const it of items) n += this.db.insert(dueItems).values(it).onConflictDoNothing().run().changes;
    return n;
  }

  complete(id: number, logId: number, late = false): boolean {
    return (
      this.db
        .update(dueItems)
        .set({ status: 'done', completedByLogId: logId, completedLate: late })
        .where(and(eq(dueItems.id, id), eq(dueItems.status, 'open')))
        .run().changes > 0
    );
  }

  byLog(logId: number): DueItem | null {
    return this.db.select().from(dueItems).where(eq(dueItems.completedByLogId, logId)).get() ?? null;
  }
}
