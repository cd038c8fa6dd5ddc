import { and, eq, inArray } from 'drizzle-orm';
import type { StageDecision } from '../../domain/consensus.js';
import { localDateOf } from '../../domain/dates.js';
import type { Stage } from '../../domain/stages.js';
import type { StageChange } from '../../domain/team-metrics.js';
import type { DB } from '../client.js';
import { customers, stageChanges, stageReviews } from '../schema.js';

/** Stage history and decided reviews of a region, for transitions, profiles and the consensus rate. */
export class StageRepo {
  constructor(private readonly db: DB) {}

  /** Changes as local dates in the team's time zone (stage_changes.at is epoch ms). */
  changesInRegion(regionId: number, timeZone: string): StageChange[] {
    const rows = this.db
      .select({ c: stageChanges })
      .from(stageChanges)
      .innerJoin(customers, eq(customers.id, stageChanges.customerId))
      .where(eq(customers.regionId, regionId))
      .all();
    return rows.map(({ c }) => ({
      customerId: c.customerId,
      from: (c.fromStage as Stage | null) ?? null,
      to: c.toStage as Stage,
      at: localDateOf(new Date(c.at), timeZone),
    }));
  }

  /** Reviews the manager decided (approved or overridden), for the consensus rate. */
  decidedReviewsInRegion(regionId: number): StageDecision[] {
    const rows = this.db
      .select({ repPick: stageReviews.repPick, finalStage: stageReviews.finalStage })
      .from(stageReviews)
      .innerJoin(customers, eq(customers.id, stageReviews.customerId))
      .where(and(eq(customers.regionId, regionId), inArray(stageReviews.status, ['approved', 'overridden'])))
      .all();
    return rows.filter((r) => r.finalStage !== null).map((r) => ({ repPick: r.repPick as Stage, finalStage: r.finalStage as Stage }));
  }
}
