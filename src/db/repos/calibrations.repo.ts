import { eq } from 'drizzle-orm';
import type { DB } from '../client.js';
import { calibrations } from '../schema.js';

export type StoredCalibration = typeof calibrations.$inferSelect;

/** One stored forecast calibration per region (see the table's comment in schema-method.ts). */
export class CalibrationsRepo {
  constructor(private readonly db: DB) {}

  get(regionId: number): StoredCalibration | null {
    return this.db.select().from(calibrations).where(eq(calibrations.regionId, regionId)).get() ?? null;
  }

  put(row: StoredCalibration): void {
    this.db
      .insert(calibrations)
      .values(row)
      .onConflictDoUpdate({ target: calibrations.regionId, set: { asOf: row.asOf, json: row.json, computedAt: row.computedAt } })
      .run();
  }
}
