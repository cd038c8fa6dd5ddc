import { and, desc, eq } from 'drizzle-orm';
import type { DB } from '../client.js';
import { jobRuns } from '../schema.js';

export type JobRunRow = typeof jobRuns.$inferSelect;

/** One row per (job, period): the record that a scheduled run happened, so it never happens twice. */
export class JobRunsRepo {
  constructor(private readonly db: DB) {}

  /** Inserts the run; false when this job already ran for this period. */
  record(row: { job: string; periodKey: string; at: number; late: boolean; detail: string }): boolean {
    return (
      this.db
        .insert(jobRuns)
        .values({
          job: row.job,
          periodKey: row.periodKey,
          startedAt: row.at,
          finishedAt: row.at,
          late: row.late,
          detail: row.detail,
        })
        .onConflictDoNothing()
        .run().changes > 0
    );
  }

  get(job: string, periodKey: string): JobRunRow | null {
    return (
      this.db
        .select()
        .from(jobRuns)
        .where(and(eq(jobRuns.job, job), eq(jobRuns.periodKey, periodKey)))
        .get() ?? null
    );
  }

  recent(limit = 20): JobRunRow[] {
    return this.db.select().from(jobRuns).orderBy(desc(jobRuns.startedAt), desc(jobRuns.id)).limit(limit).all();
  }
}
