import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DueItem, OrderRow } from '../../domain/types.js';
import type { DB } from '../client.js';
import { actionLogs, dueItems, orders, targetVersions } from '../schema.js';
import { chunked } from './chunks.js';

// Read-only queries of the dashboard and the exports (customer-list scoped, where the repos are
// region scoped); each names what it serves. Id lists are bound in chunks: SQLite refuses a
// statement with more than 32,766 variables, and a large region has 100,000 customers.

export type OrderKind = 'order' | 'collection';

/** The fields of a due item the weekly rate and the pack rates read. */
export type DueSlice = Pick<DueItem, 'customerId' | 'memberId' | 'actionCode' | 'status' | 'dueDate'>;
type DueSliceRow = [number, number, string, DueItem['status'], string];

export class ScopeReadsRepo {
  constructor(private readonly db: DB) {}

  /** Every due item of these customers (heat, forecast completion, battle map). */
  dueItemsOf(customerIds: number[]): DueItem[] {
    const rows = chunked(customerIds, (ids) => this.db.select().from(dueItems).where(inArray(dueItems.customerId, ids)).all());
    return rows.sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.id - b.id));
  }

  /**
   * The items of these customers due in [from, to], with what the weekly rate and the pack rates read
   * (the action board's eight weeks, the forecast's 90-day lookback). One range scan of the due-date
   * index (migration 0003) filtered by a set, instead of every item of the year: on the step-3 region
   * 1.86 M items were read to show eight weeks.
   */
  itemsDueBetween(customerIds: readonly number[], from: string, to: string): DueSlice[] {
    const json = this.db.$client
      .prepare(
        `SELECT json_group_array(json_array(customer_id, member_id, action_code, status, due_date)) FROM due_items
          WHERE due_date BETWEEN ? AND ?`,
      )
      .pluck()
      .get(from, to) as string | null;
    const wanted = new Set(customerIds);
    const out: DueSlice[] = [];
    for (const [customerId, memberId, actionCode, status, dueDate] of JSON.parse(json ?? '[]') as DueSliceRow[]) {
      if (wanted.has(customerId)) out.push({ customerId, memberId, actionCode, status, dueDate });
    }
    return out;
  }

  /** Orders or collections of these customers. */
  ordersOf(customerIds: number[], kind: OrderKind): OrderRow[] {
    return chunked(customerIds, (ids) =>
      this.db
        .select({ customerId: orders.customerId, date: orders.date, amountFen: orders.amountFen })
        .from(orders)
        .where(and(inArray(orders.customerId, ids), eq(orders.kind, kind)))
        .all(),
    );
  }

  /** Full order rows, for the data export. */
  allOrders(customerIds: number[]) {
    const rows = chunked(customerIds, (ids) =>
      this.db.select().from(orders).where(inArray(orders.customerId, ids)).orderBy(asc(orders.id)).all(),
    );
    return rows.sort((a, b) => a.customerId - b.customerId || (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id - b.id));
  }

  /** Action logs of these customers, oldest first (the logs export). */
  logsOf(customerIds: number[]) {
    const rows = chunked(customerIds, (ids) => this.db.select().from(actionLogs).where(inArray(actionLogs.customerId, ids)).all());
    return rows.sort((a, b) => (a.occurredOn < b.occurredOn ? -1 : a.occurredOn > b.occurredOn ? 1 : a.id - b.id));
  }

  /** The split JSON and status of the latest saved target version of a region and period (published ones only for reps). */
  latestSplitJson(regionId: number, period: string, publishedOnly = false): { json: string; status: 'draft' | 'published' } | null {
    const rows = this.db
      .select({ v: targetVersions.version, json: targetVersions.splitJson, status: targetVersions.status })
      .from(targetVersions)
      .where(
        and(
          eq(targetVersions.regionId, regionId),
          eq(targetVersions.period, period),
          publishedOnly ? eq(targetVersions.status, 'published') : undefined,
        ),
      )
      .all();
    rows.sort((a, b) => b.v - a.v);
    return rows[0] ? { json: rows[0].json, status: rows[0].status } : null;
  }
}
