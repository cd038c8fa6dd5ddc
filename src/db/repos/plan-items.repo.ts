import { and, eq, gte, inArray } from 'drizzle-orm';
import { dueItemKey } from '../../domain/plan.js';
import type { DueItem } from '../../domain/types.js';
import type { DB } from '../client.js';
import { dueItems } from '../schema.js';
import { chunked, ID_CHUNK } from './chunks.js';

/** Plan maintenance on due_items: what /plan, stage changes and frequency changes need. */
export class PlanItemsRepo {
  constructor(private readonly db: DB) {}

  /**
   * dueItemKey()s of every item of these customers, cancelled ones included: the UNIQUE index
   * (customer, action, period) counts them, so the generator must skip them too.
   */
  keysFor(customerIds: number[]): Set<string> {
    if (customerIds.length === 0) return new Set();
    const rows = chunked(customerIds, (ids) =>
      this.db
        .select({ c: dueItems.customerId, a: dueItems.actionCode, p: dueItems.period })
        .from(dueItems)
        .where(inArray(dueItems.customerId, ids))
        .all(),
    );
    return new Set(rows.map((r) => dueItemKey(r.c, r.a, r.p)));
  }

  openForMember(memberId: number): DueItem[] {
    return this.db
      .select()
      .from(dueItems)
      .where(and(eq(dueItems.memberId, memberId), eq(dueItems.status, 'open')))
      .all();
  }

  /** Every open item of a customer, whoever it is assigned to (a stage change replaces them all). */
  openForCustomer(customerId: number): DueItem[] {
    return this.db
      .select()
      .from(dueItems)
      .where(and(eq(dueItems.customerId, customerId), eq(dueItems.status, 'open')))
      .all();
  }

  /**
   * A customer handed to another rep: its open items due from `from` on go with it. Items already
   * due stay with the rep they were due for (done or not): moving them would rewrite both reps'
   * past weeks.
   */
  moveOpen(customerId: number, toMemberId: number, from: string): number {
    return this.db
      .update(dueItems)
      .set({ memberId: toMemberId })
      .where(and(eq(dueItems.customerId, customerId), eq(dueItems.status, 'open'), gte(dueItems.dueDate, from)))
      .run().changes;
  }

  /** Open items of one customer+action due on or after a date (a frequency change replaces them). */
  openFrom(customerId: number, actionCode: string, from: string): DueItem[] {
    return this.db
      .select()
      .from(dueItems)
      .where(
        and(
          eq(dueItems.customerId, customerId),
          eq(dueItems.actionCode, actionCode),
          eq(dueItems.status, 'open'),
          gte(dueItems.dueDate, from),
        ),
      )
      .all();
  }

  /** Cancelled items of one customer+action: a replan of that action may reuse their keys. */
  cancelledOf(customerId: number, actionCode: string): DueItem[] {
    return this.db
      .select()
      .from(dueItems)
      .where(and(eq(dueItems.customerId, customerId), eq(dueItems.actionCode, actionCode), eq(dueItems.status, 'cancelled')))
      .all();
  }

  /**
   * Puts a row back in the plan with a new window and due date: a replan that produces the same
   * (customer, action, period) key as a cancelled row must reuse that row, because the
   * UNIQUE index would refuse a second one.
   */
  reopen(id: number, item: Pick<DueItem, 'memberId' | 'windowStart' | 'windowEnd' | 'dueDate'>): boolean {
    return (
      this.db
        .update(dueItems)
        .set({
          status: 'open',
          completedByLogId: null,
          memberId: item.memberId,
          windowStart: item.windowStart,
          windowEnd: item.windowEnd,
          dueDate: item.dueDate,
        })
        .where(and(eq(dueItems.id, id), eq(dueItems.status, 'cancelled')))
        .run().changes > 0
    );
  }

  cancel(ids: number[]): number {
    if (ids.length === 0) return 0;
    let changed = 0;
    for (let i = 0; i < ids.length; i += ID_CHUNK) {
      changed += this.db
        .update(dueItems)
        .set({ status: 'cancelled' })
        .where(and(inArray(dueItems.id, ids.slice(i, i + ID_CHUNK)), eq(dueItems.status, 'open')))
        .run().changes;
    }
    return changed;
  }
}
