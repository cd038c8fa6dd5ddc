import { eq, inArray } from 'drizzle-orm';
import type { DB } from '../client.js';
import { customers } from '../schema.js';
import { chunked } from './chunks.js';

export type Customer = typeof customers.$inferSelect;

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
   * A marker that changes whenever anything is committed to the database, customers included: rows
   * changed by this connection (total_changes()) or a commit by another (PRAGMA data_version, e.g.
   * the heavy worker). Two reads and no scan, so a memo of a large read can check it on every request.
   */
  changeMarker(): string {
    const sqlite = this.db.$client;
    const own = sqlite.prepare('SELECT total_changes() AS n').get() as { n: number };
    return `${sqlite.pragma('data_version', { simple: true })}:${own.n}`;
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
