import { eq, inArray } from 'drizzle-orm';
import type { DB } from '../client.js';
import { customers } from '../schema.js';
import { chunked, ID_CHUNK } from './chunks.js';

export type Customer = typeof customers.$inferSelect;

/**
 * The columns of a customer that the dashboard's kept view holds (src/method/access/scope.ts), by
 * field and SQL column. Migration 0014's triggers move view_versions when one of exactly these
 * changes; a column added here needs its trigger updated too (tests/method/access/view-version.test.ts).
 */
export const VIEW_CUSTOMER_COLUMNS = {
  id: 'id',
  name: 'name',
  ownerId: 'owner_id',
  regionId: 'region_id',
  stage: 'stage',
  stageSince: 'stage_since',
  baselineFen: 'baseline_fen',
  potentialFen: 'potential_fen',
} as const;

export type ViewCustomer = Pick<Customer, keyof typeof VIEW_CUSTOMER_COLUMNS>;

const VIEW_FIELDS = Object.entries(VIEW_CUSTOMER_COLUMNS)
  .map(([field, column]) => `'${field}', ${column}`)
  .join(', ');

export class CustomersRepo {
  constructor(private readonly db: DB) {}

  byId(id: number): Customer | null {
    return this.db.select().from(customers).where(eq(customers.id, id)).get() ?? null;
  }

  ownedBy(memberId: number): Customer[] {
    return this.db.select().from(customers).where(eq(customers.ownerId, memberId)).all();
  }

  all(): Customer[] {
    return this.db.select().from(customers).all();
  }

  inRegion(regionId: number): Customer[] {
    return this.db.select().from(customers).where(eq(customers.regionId, regionId)).all();
  }

  /** How many customers a region has, without reading them (which front door path a region takes). */
  countInRegion(regionId: number): number {
    return this.db.$client.prepare('SELECT count(*) FROM customers WHERE region_id = ?').pluck().get(regionId) as number;
  }

  /** The customers of these regions in id order: what all() filtered by region returns, without reading the others. */
  inRegions(regionIds: readonly number[]): Customer[] {
    const rows = chunked(regionIds, (ids) => this.db.select().from(customers).where(inArray(customers.regionId, ids)).all());
    return rows.sort((a, b) => a.id - b.id);
  }

  /**
   * The customers of these regions as the dashboard's kept view holds them (VIEW_CUSTOMER_COLUMNS),
   * in id order, read as one JSON document per slice of regions: on the step-3 region's 100,000
   * customers a fraction of the time drizzle's row mapping of every column takes (docs/benchmarks.md).
   */
  viewCustomers(regionIds: readonly number[]): ViewCustomer[] {
    const rows = chunked(regionIds, (ids) => {
      const json = this.db.$client
        .prepare(`SELECT json_group_array(json_object(${VIEW_FIELDS})) FROM
          (SELECT * FROM customers WHERE region_id IN (${ids.map(() => '?').join(',')}) ORDER BY id)`)
        .pluck()
        .get(...ids) as string | null;
      return JSON.parse(json ?? '[]') as ViewCustomer[];
    });
    return regionIds.length > ID_CHUNK ? rows.sort((a, b) => a.id - b.id) : rows;
  }

  /**
   * The next page of those customers after `afterId`, in id order: a large view re-read a page per
   * turn of the event loop. A walk of the primary key (NOT INDEXED: never the region index, whose
   * order would need every row sorted for each page), stopping at `limit`.
   */
  viewCustomersAfter(regionIds: readonly number[], afterId: number, limit: number): ViewCustomer[] {
    const json = this.db.$client
      .prepare(`SELECT json_group_array(json_object(${VIEW_FIELDS})) FROM
        (SELECT * FROM customers NOT INDEXED WHERE id > ? AND region_id IN (SELECT value FROM json_each(?)) ORDER BY id LIMIT ?)`)
      .pluck()
      .get(afterId, JSON.stringify(regionIds), limit) as string | null;
    return JSON.parse(json ?? '[]') as ViewCustomer[];
  }

  /** How many customers these regions have (the region index, no row read). */
  countInRegions(regionIds: readonly number[]): number {
    return this.db.$client
      .prepare('SELECT count(*) FROM customers WHERE region_id IN (SELECT value FROM json_each(?))')
      .pluck()
      .get(JSON.stringify(regionIds)) as number;
  }

  /**
   * Changes when a kept view of customers and members may be stale, and only then: the counters
   * that migration 0014's triggers move on an insert, a delete or a change of a column the view
   * holds, whichever connection or process wrote it. Not on an action log (which moves only the
   * trigger-kept dates). One read of a two-row table, so a memo can check it on every request.
   */
  viewVersion(): string {
    return this.db.$client
      .prepare("SELECT group_concat(name || '=' || version, ',') FROM view_versions WHERE name IN ('customers', 'members')")
      .pluck()
      .get() as string;
  }

  /** viewVersion, and the customers' aliases (migration 0015): what a chat command's name pool depends on. */
  poolVersion(): string {
    return this.db.$client.prepare("SELECT group_concat(name || '=' || version, ',') FROM view_versions").pluck().get() as string;
  }

  /**
   * Sets baseline_fen to the orders summed over [from, to] for every customer (or those listed)
   * with an order on or before `to`; customers without order history keep their declared
   * baseline. The rule is src/domain/baseline.ts (baselineFromOrders); one statement over
   * orders_customer_date_idx, so the nightly run over a large region stays a single scan.
   */
  recomputeBaselines(window: { from: string; to: string }, ids?: number[]): number {
    if (ids && ids.length === 0) return 0;
    const only = ids ? `AND id IN (${ids.map(() => '?').join(',')})` : '';
    return this.db.$client
      .prepare(`UPDATE customers SET baseline_fen = (SELECT coalesce(sum(amount_fen), 0) FROM orders o
        WHERE o.customer_id = customers.id AND o.kind = 'order' AND o.date BETWEEN ? AND ?)
      WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = customers.id AND o.kind = 'order' AND o.date <= ?) ${only}`)
      .run(window.from, window.to, window.to, ...(ids ?? [])).changes;
  }

  /** Names of a few customers (what a card lists), without loading the region's names. */
  namesOf(ids: Iterable<number>): Map<number, string> {
    const wanted = [...new Set(ids)];
    if (wanted.length === 0) return new Map();
    const rows = chunked(wanted, (ids) =>
      this.db.select({ id: customers.id, name: customers.name }).from(customers).where(inArray(customers.id, ids)).all(),
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}

export function aliasesOf(c: Customer): string[] {
  return JSON.parse(c.aliasesJson) as string[];
}
