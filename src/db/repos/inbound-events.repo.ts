import { and, asc, eq, isNotNull, lt } from 'drizzle-orm';
import type { DB } from '../client.js';
import { inboundEvents } from '../schema.js';

export type InboundRow = typeof inboundEvents.$inferSelect;

/**
 * The durable inbox and the dedupe record of inbound events, one row per (platform, event id).
 * 'pending': verified and written before the ack, not yet processed; 'done': processed.
 */
export class InboundEventsRepo {
  constructor(private readonly db: DB) {}

  /** Writes a verified event before the ack; true when new, false for a redelivery. Throws when SQLite does. */
  accept(platform: string, eventId: string, eventJson: string, at: number): boolean {
    const res = this.db
      .insert(inboundEvents)
      .values({ platform, eventId, receivedAt: at, state: 'pending', eventJson })
      .onConflictDoNothing()
      .run();
    return res.changes > 0;
  }

  /** Starts processing: records the event if absent; false when it is already done (a redelivery). */
  begin(platform: string, eventId: string, at: number): boolean {
    this.db.insert(inboundEvents).values({ platform, eventId, receivedAt: at, state: 'pending' }).onConflictDoNothing().run();
    const row = this.db
      .select({ state: inboundEvents.state })
      .from(inboundEvents)
      .where(and(eq(inboundEvents.platform, platform), eq(inboundEvents.eventId, eventId)))
      .get();
    return row?.state === 'pending';
  }

  /** Marks an event processed; true when this call did it (call it inside the effects' transaction). */
  markDone(platform: string, eventId: string, at: number): boolean {
    return (
      this.db
        .update(inboundEvents)
        .set({ state: 'done', doneAt: at })
        .where(and(eq(inboundEvents.platform, platform), eq(inboundEvents.eventId, eventId), eq(inboundEvents.state, 'pending')))
        .run().changes > 0
    );
  }

  /** True the first time (platform, eventId) is processed; false for a redelivery of a done event. */
  claim(platform: string, eventId: string, at: number): boolean {
    const res = this.db
      .insert(inboundEvents)
      .values({ platform, eventId, receivedAt: at, state: 'done', doneAt: at })
      .onConflictDoNothing()
      .run();
    return res.changes > 0 || this.markDone(platform, eventId, at);
  }

  /** Counts a processing attempt (a failed one leaves the row pending for the next). */
  countAttempt(platform: string, eventId: string): void {
    const row = this.get(platform, eventId);
    if (row)
      this.db
        .update(inboundEvents)
        .set({ attempts: row.attempts + 1 })
        .where(and(eq(inboundEvents.platform, platform), eq(inboundEvents.eventId, eventId)))
        .run();
  }

  /** Removes the record (a send attempt that failed for certain may be made again). */
  forget(platform: string, eventId: string): void {
    this.db
      .delete(inboundEvents)
      .where(and(eq(inboundEvents.platform, platform), eq(inboundEvents.eventId, eventId)))
      .run();
  }

  get(platform: string, eventId: string): InboundRow | null {
    return (
      this.db
        .select()
        .from(inboundEvents)
        .where(and(eq(inboundEvents.platform, platform), eq(inboundEvents.eventId, eventId)))
        .get() ?? null
    );
  }

  /** Events acked but not processed (a crash, a busy database), oldest first: resumed at start-up. */
  unfinished(limit: number): InboundRow[] {
    return this.db
      .select()
      .from(inboundEvents)
      .where(and(eq(inboundEvents.state, 'pending'), isNotNull(inboundEvents.eventJson)))
      .orderBy(asc(inboundEvents.receivedAt))
      .limit(limit)
      .all();
  }

  /** Deletes processed rows received before `at`; unfinished ones stay until they are processed. */
  pruneBefore(at: number): number {
    return this.db
      .delete(inboundEvents)
      .where(and(lt(inboundEvents.receivedAt, at), eq(inboundEvents.state, 'done')))
      .run().changes;
  }
}
