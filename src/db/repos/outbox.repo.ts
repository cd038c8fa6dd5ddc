import { and, asc, desc, eq, inArray, like, lt, lte } from 'drizzle-orm';
import type { DB } from '../client.js';
import { outbox } from '../schema.js';

export type OutboxRow = typeof outbox.$inferSelect;
export type NewOutboxRow = typeof outbox.$inferInsert;
export type OutboxState = OutboxRow['state'];

/** The persistent outbox: every proactive message, keyed so it is written and sent at most once. */
export class OutboxRepo {
  constructor(private readonly db: DB) {}

  /** Inserts unless the key exists (a manual /report post may already hold it); true when written. */
  insert(row: NewOutboxRow): boolean {
    return this.db.insert(outbox).values(row).onConflictDoNothing({ target: outbox.idempotencyKey }).run().changes > 0;
  }

  /** Idempotency keys matching a LIKE pattern (e.g. every warning DM of a week). */
  keysLike(pattern: string): string[] {
    return this.db
      .select({ k: outbox.idempotencyKey })
      .from(outbox)
      .where(like(outbox.idempotencyKey, pattern))
      .all()
      .map((r) => r.k);
  }

  byKey(key: string): OutboxRow | null {
    return this.db.select().from(outbox).where(eq(outbox.idempotencyKey, key)).get() ?? null;
  }

  /** Pending rows whose next attempt is due, oldest first. */
  due(now: number, limit: number): OutboxRow[] {
    return this.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.state, 'pending'), lte(outbox.nextAttemptAt, now)))
      .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
      .limit(limit)
      .all();
  }

  /**
   * Takes a row for one attempt: counts the attempt and pushes the next one to `holdUntil`. Only one
   * sender (of any instance) wins; a sender that dies mid-send leaves the row to be retried then.
   */
  claim(id: number, now: number, holdUntil: number): boolean {
    const row = this.db.select({ attempts: outbox.attempts }).from(outbox).where(eq(outbox.id, id)).get();
    if (!row) return false;
    return (
      this.db
        .update(outbox)
        .set({ attempts: row.attempts + 1, nextAttemptAt: holdUntil })
        .where(and(eq(outbox.id, id), eq(outbox.state, 'pending'), lte(outbox.nextAttemptAt, now), eq(outbox.attempts, row.attempts)))
        .run().changes > 0
    );
  }

  markSent(id: number, at: number): void {
    this.db.update(outbox).set({ state: 'sent', sentAt: at, lastError: null }).where(eq(outbox.id, id)).run();
  }

  /**
   * Records a failed attempt; the row stays pending (retried at its claimed time, or at `retryAt`
   * when the platform said when) unless final.
   */
  markError(id: number, error: string, final: boolean, retryAt?: number): void {
    const next = retryAt !== undefined && !final ? { nextAttemptAt: retryAt } : {};
    this.db
      .update(outbox)
      .set({ lastError: error.slice(0, 500), ...next, ...(final ? { state: 'failed' as const } : {}) })
      .where(eq(outbox.id, id))
      .run();
  }

  list(opts: { state?: OutboxState; limit?: number } = {}): OutboxRow[] {
    const q = this.db.select().from(outbox);
    const filtered = opts.state ? q.where(eq(outbox.state, opts.state)) : q;
    return filtered
      .orderBy(desc(outbox.id))
      .limit(opts.limit ?? 50)
      .all();
  }

  countByState(): Record<OutboxState, number> {
    const out: Record<OutboxState, number> = { pending: 0, sent: 0, failed: 0 };
    for (const r of this.db.select({ state: outbox.state }).from(outbox).all()) out[r.state] += 1;
    return out;
  }

  /** Deletes delivered rows sent before `before`; pending and failed rows stay for the operator. */
  pruneSent(before: number): number {
    return this.db
      .delete(outbox)
      .where(and(inArray(outbox.state, ['sent']), lt(outbox.sentAt, before)))
      .run().changes;
  }
}
