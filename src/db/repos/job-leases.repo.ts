import { and, eq, lt, sql } from 'drizzle-orm';
import type { DB } from '../client.js';
import { jobLeases } from '../schema.js';

/** Named leases in SQLite: two instances on one database file never run the same job at once. */
export class JobLeasesRepo {
  constructor(private readonly db: DB) {}

  /** Takes or renews the lease when it is free, expired, or already ours; one statement, so atomic. */
  acquire(name: string, holder: string, now: number, ttlMs: number): boolean {
    return (
      this.db
        .insert(jobLeases)
        .values({ name, holder, expiresAt: now + ttlMs })
        .onConflictDoUpdate({
          target: jobLeases.name,
          set: { holder, expiresAt: now + ttlMs },
          setWhere: sql`${jobLeases.expiresAt} <= ${now} OR ${jobLeases.holder} = ${holder}`,
        })
        .run().changes > 0
    );
  }

  release(name: string, holder: string): void {
    this.db
      .delete(jobLeases)
      .where(and(eq(jobLeases.name, name), eq(jobLeases.holder, holder)))
      .run();
  }

  pruneExpired(before: number): number {
    return this.db.delete(jobLeases).where(lt(jobLeases.expiresAt, before)).run().changes;
  }
}
