import { lt } from 'drizzle-orm';
import type { DB } from '../client.js';
import { inboundEvents } from '../schema.js';

export class InboundEventsRepo {
  constructor(private readonly db: DB) {}

  /** True the first time (platform, eventId) is seen; false for a redelivery. */
  claim(platform: string, eventId: string, at: number): boolean {
    const res = this.db.insert(inboundEvents).values({ platform, eventId, receivedAt: at }).onConflictDoNothing().run();
    return res.changes > 0;
  }

  pruneBefore(at: number): number {
    return this.db.delete(inboundEvents).where(lt(inboundEvents.receivedAt, at)).run().changes;
  }
}
