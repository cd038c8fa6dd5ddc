import { and, asc, eq } from 'drizzle-orm';
import type { Stage } from '../../domain/stages.js';
import type { DB } from '../client.js';
import { customers, stageChanges, stageReviews } from '../schema.js';

export type StageReview = typeof stageReviews.$inferSelect;
export type NewStageReview = typeof stageReviews.$inferInsert;
export type ReviewStatus = StageReview['status'];

export interface StageChangeRow {
  customerId: number;
  from: Stage | null;
  to: Stage;
  byMemberId: number;
  reason: string;
  at: number;
  /** The local date the new stage starts (customers.stage_since). */
  since: string;
}

/** Dual confirmation (双人确认): review requests and the stage history they produce. */
export class StageReviewsRepo {
  constructor(private readonly db: DB) {}

  insert(row: NewStageReview): StageReview {
    return this.db.insert(stageReviews).values(row).returning().get();
  }

  byId(id: number): StageReview | null {
    return this.db.select().from(stageReviews).where(eq(stageReviews.id, id)).get() ?? null;
  }

  pendingFor(customerId: number): StageReview | null {
    return (
      this.db
        .select()
        .from(stageReviews)
        .where(and(eq(stageReviews.customerId, customerId), eq(stageReviews.status, 'pending')))
        .get() ?? null
    );
  }

  /** Pending reviews of a region's customers, oldest first (/review). */
  pendingInRegion(regionId: number): StageReview[] {
    return this.db
      .select({ r: stageReviews })
      .from(stageReviews)
      .innerJoin(customers, eq(customers.id, stageReviews.customerId))
      .where(and(eq(customers.regionId, regionId), eq(stageReviews.status, 'pending')))
      .orderBy(asc(stageReviews.createdAt), asc(stageReviews.id))
      .all()
      .map((x) => x.r);
  }

  /** A newer proposal replaces an unreviewed one: the rep changed their mind. */
  supersedePending(customerId: number, at: number): number {
    return this.db
      .update(stageReviews)
      .set({ status: 'superseded', decidedAt: at })
      .where(and(eq(stageReviews.customerId, customerId), eq(stageReviews.status, 'pending')))
      .run().changes;
  }

  /** Decides a pending review; false when it was decided already (a double click, two managers). */
  decide(id: number, d: { status: Exclude<ReviewStatus, 'pending'>; managerId: number; finalStage: Stage | null; at: number }): boolean {
    return (
      this.db
        .update(stageReviews)
        .set({ status: d.status, managerId: d.managerId, finalStage: d.finalStage, decidedAt: d.at })
        .where(and(eq(stageReviews.id, id), eq(stageReviews.status, 'pending')))
        .run().changes > 0
    );
  }

  /** Writes the history row and moves the customer to the new stage. */
  recordChange(c: StageChangeRow): void {
    this.db
      .insert(stageChanges)
      .values({
        customerId: c.customerId,
        fromStage: c.from,
        toStage: c.to,
        byMemberId: c.byMemberId,
        reason: c.reason,
        at: c.at,
      })
      .run();
    this.db.update(customers).set({ stage: c.to, stageSince: c.since }).where(eq(customers.id, c.customerId)).run();
  }
}
