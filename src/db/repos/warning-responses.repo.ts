import { and, asc, eq } from 'drizzle-orm';
import type { DB } from '../client.js';
import { warningResponses } from '../schema.js';

export type WarningResponse = typeof warningResponses.$inferSelect;
export type WarningChoice = WarningResponse['choice'];

/** What managers did about a warning (every click is kept: the report and dashboard read them). */
export class WarningResponsesRepo {
  constructor(private readonly db: DB) {}

  record(r: { repId: number; week: string; managerId: number; choice: WarningChoice; at: number }): number {
    return this.db.insert(warningResponses).values(r).returning({ id: warningResponses.id }).get().id;
  }

  forRepWeek(repId: number, week: string): WarningResponse[] {
    return this.db
      .select()
      .from(warningResponses)
      .where(and(eq(warningResponses.repId, repId), eq(warningResponses.week, week)))
      .orderBy(asc(warningResponses.at), asc(warningResponses.id))
      .all();
  }
}
