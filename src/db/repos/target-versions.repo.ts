import { and, desc, eq } from 'drizzle-orm';
import type { StageWeights } from '../../domain/target-split.js';
import type { DB } from '../client.js';
import { regions, regionTargets, targetVersions } from '../schema.js';

export type TargetVersion = typeof targetVersions.$inferSelect;

/** The region's target, stage weights and the versioned split (/target, /weights, /map). */
export class TargetVersionsRepo {
  constructor(private readonly db: DB) {}

  /** The latest version of a region's split for a period; publishedOnly for what reps may see. */
  latest(regionId: number, period: string, publishedOnly = false): TargetVersion | null {
    const where = and(
      eq(targetVersions.regionId, regionId),
      eq(targetVersions.period, period),
      publishedOnly ? eq(targetVersions.status, 'published') : undefined,
    );
    return this.db.select().from(targetVersions).where(where).orderBy(desc(targetVersions.version)).limit(1).get() ?? null;
  }

  byId(id: number): TargetVersion | null {
    return this.db.select().from(targetVersions).where(eq(targetVersions.id, id)).get() ?? null;
  }

  /** Appends the next version number (versions are never rewritten, except to publish). */
  insert(v: {
    regionId: number;
    period: string;
    targetFen: number;
    weights: StageWeights;
    splitJson: string;
    createdById: number;
    createdAt: number;
  }): TargetVersion {
    const last = this.latest(v.regionId, v.period);
    return this.db
      .insert(targetVersions)
      .values({
        regionId: v.regionId,
        period: v.period,
        version: (last?.version ?? 0) + 1,
        targetFen: v.targetFen,
        weightsJson: JSON.stringify(v.weights),
        splitJson: v.splitJson,
        createdById: v.createdById,
        createdAt: v.createdAt,
      })
      .returning()
      .get();
  }

  publish(id: number, at: number): boolean {
    return (
      this.db
        .update(targetVersions)
        .set({ status: 'published', publishedAt: at })
        .where(and(eq(targetVersions.id, id), eq(targetVersions.status, 'draft')))
        .run().changes > 0
    );
  }

  setRegionTarget(regionId: number, period: string, targetFen: number): void {
    this.db
      .insert(regionTargets)
      .values({ regionId, period, targetFen })
      .onConflictDoUpdate({ target: [regionTargets.regionId, regionTargets.period], set: { targetFen } })
      .run();
  }

  setWeights(regionId: number, weights: StageWeights): void {
    this.db
      .update(regions)
      .set({ weightsJson: JSON.stringify(weights) })
      .where(eq(regions.id, regionId))
      .run();
  }
}
