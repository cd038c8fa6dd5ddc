import { and, asc, between, eq, inArray } from 'drizzle-orm';
import type { DB } from '../client.js';
import { actionLogs, customers, dueItems } from '../schema.js';
import type { ActionLog, DueItem } from '../../domain/types.js';

/** Due items and action logs in bulk for a region or one customer+action (reports, rematch). */
export class RegionActivityRepo {
  constructor(private readonly db: DB) {}

  /** Items of the region's customers, whoever owns them now. */
  itemsInRegion(regionId: number): DueItem[] {
    return this.db.select({ i: dueItems }).from(dueItems)
      .innerJoin(customers, eq(customers.id, dueItems.customerId))
      .where(eq(customers.regionId, regionId)).orderBy(asc(dueItems.dueDate), asc(dueItems.id)).all()
      .map((r) => r.i);
  }

  /** Items of the region's customers due in [from, to], in due-date order. */
  itemsInRegionBetween(regionId: number, from: string, to: string): DueItem[] {
    return this.db.select({ i: dueItems }).from(dueItems)
      .innerJoin(customers, eq(customers.id, dueItems.customerId))
      .where(and(eq(customers.regionId, regionId), between(dueItems.dueDate, from, to))).orderBy(asc(dueItems.dueDate), asc(dueItems.id)).all()
      .map((r) => r.i);
  }

  logsInRegion(regionId: number): ActionLog[] {
    return this.db.select({
      id: actionLogs.id, memberId: actionLogs.memberId, customerId: actionLogs.customerId,
      actionCode: actionLogs.actionCode, occurredOn: actionLogs.occurredOn, status: actionLogs.status,
    }).from(actionLogs).innerJoin(customers, eq(customers.id, actionLogs.customerId))
      .where(eq(customers.regionId, regionId)).all();
  }

  logsForCustomerAction(customerId: number, actionCode: string): ActionLog[] {
    return this.db.select({
      id: actionLogs.id, memberId: actionLogs.memberId, customerId: actionLogs.customerId,
      actionCode: actionLogs.actionCode, occurredOn: actionLogs.occurredOn, status: actionLogs.status,
    }).from(actionLogs)
      .where(and(eq(actionLogs.customerId, customerId), eq(actionLogs.actionCode, actionCode))).all();
  }

  /** Sets an item's completion as a rematch decided: done by logId, or open when null. */
  setCompletion(itemId: number, logId: number | null): void {
    this.db.update(dueItems)
      .set(logId === null ? { status: 'open', completedByLogId: null } : { status: 'done', completedByLogId: logId })
      .where(and(eq(dueItems.id, itemId), inArray(dueItems.status, ['open', 'done']))).run();
  }
}
