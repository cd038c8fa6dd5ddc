import { and, desc, eq } from 'drizzle-orm';
import type { DB } from '../client.js';
import { pendingIdentities } from '../schema.js';

export type PendingIdentity = typeof pendingIdentities.$inferSelect;
export type PendingReason = PendingIdentity['reason'];

/**
 * People who wrote to the bot but could not be matched to exactly one member. An admin resolves
 * them (binds the identity to a member); the row is then removed.
 */
export class PendingIdentitiesRepo {
  constructor(private readonly db: DB) {}

  /** Inserts or refreshes the row: the latest directory data and reason win. */
  record(row: PendingIdentity): void {
    const { platform, externalId, ...rest } = row;
    this.db
      .insert(pendingIdentities)
      .values(row)
      .onConflictDoUpdate({ target: [pendingIdentities.platform, pendingIdentities.externalId], set: rest })
      .run();
  }

  get(platform: string, externalId: string): PendingIdentity | null {
    return (
      this.db
        .select()
        .from(pendingIdentities)
        .where(and(eq(pendingIdentities.platform, platform), eq(pendingIdentities.externalId, externalId)))
        .get() ?? null
    );
  }

  list(platform?: string): PendingIdentity[] {
    const q = this.db.select().from(pendingIdentities);
    return (platform ? q.where(eq(pendingIdentities.platform, platform)) : q).orderBy(desc(pendingIdentities.seenAt)).all();
  }

  /** True when a row was removed. */
  resolve(platform: string, externalId: string): boolean {
    return (
      this.db
        .delete(pendingIdentities)
        .where(and(eq(pendingIdentities.platform, platform), eq(pendingIdentities.externalId, externalId)))
        .run().changes > 0
    );
  }
}
