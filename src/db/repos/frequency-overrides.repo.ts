import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Frequency } from '../../domain/packs.js';
import { frequencyKey } from '../../domain/plan.js';
import type { DB } from '../client.js';
import { frequencyOverrides } from '../schema.js';
import { chunked } from './chunks.js';

export type FrequencyOverride = typeof frequencyOverrides.$inferSelect;

/** A rep's committed frequencies: raises are active at once, lowerings wait for the manager. */
export class FrequencyOverridesRepo {
  constructor(private readonly db: DB) {}

  insert(o: {
    customerId: number;
    actionCode: string;
    frequency: Frequency;
    status: 'active' | 'pending';
    requestedById: number;
    createdAt: number;
  }): FrequencyOverride {
    return this.db
      .insert(frequencyOverrides)
      .values({
        customerId: o.customerId,
        actionCode: o.actionCode,
        frequencyJson: JSON.stringify(o.frequency),
        status: o.status,
        requestedById: o.requestedById,
        createdAt: o.createdAt,
      })
      .returning()
      .get();
  }

  byId(id: number): FrequencyOverride | null {
    return this.db.select().from(frequencyOverrides).where(eq(frequencyOverrides.id, id)).get() ?? null;
  }

  /** Approves or rejects a pending request; false when it was decided already. */
  decide(id: number, status: 'active' | 'rejected', approvedById: number): boolean {
    return (
      this.db
        .update(frequencyOverrides)
        .set({ status, approvedById })
        .where(and(eq(frequencyOverrides.id, id), eq(frequencyOverrides.status, 'pending')))
        .run().changes > 0
    );
  }

  /** The frequency in force per frequencyKey(): the latest active override of each (customer, action). */
  activeFor(customerIds: number[]): Record<string, Frequency> {
    if (customerIds.length === 0) return {};
    // Chunked (SQLite's variable limit), then in id order across chunks: the latest override wins.
    const rows = chunked(customerIds, (ids) =>
      this.db
        .select()
        .from(frequencyOverrides)
        .where(and(inArray(frequencyOverrides.customerId, ids), eq(frequencyOverrides.status, 'active')))
        .orderBy(asc(frequencyOverrides.id))
        .all(),
    ).sort((a, b) => a.id - b.id);
    const out: Record<string, Frequency> = {};
    for (const r of rows) out[frequencyKey(r.customerId, r.actionCode)] = JSON.parse(r.frequencyJson) as Frequency;
    return out;
  }
}
