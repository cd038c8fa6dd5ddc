import { eq } from 'drizzle-orm';
import type { DB } from '../client.js';
import { customers } from '../schema.js';

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
}

export function aliasesOf(c: Customer): string[] {
  return JSON.parse(c.aliasesJson) as string[];
}
