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

  /** Names of a few customers (what a card lists), without loading the region's names. */
  namesOf(ids: Iterable<number>): Map<number, string> {
    const wanted = [...new Set(ids)];
    if (wanted.length === 0) return new Map();
    const rows = chunked(wanted, (ids) => this.db.select({ id: customers.id, name: customers.name }).from(customers).where(inArray(customers.id, ids)).all());
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}

export function aliasesOf(c: Customer): string[] {
  return JSON.parse(c.aliasesJson) as string[];
}
