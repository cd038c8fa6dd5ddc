import { and, desc, eq, gte, lte } from 'drizzle-orm';
import type { DB } from '../client.js';
import { actionLogs } from '../schema.js';

export type ActionLogRow = typeof actionLogs.$inferSelect;
export type NewActionLog = typeof actionLogs.$inferInsert;

export class ActionLogsRepo {
  constructor(private readonly db: DB) {}

  /** Inserts unless the same platform message already wrote a log; returns the new id or null. */
  insert(log: NewActionLog): number | null {
    const res = this.db.insert(actionLogs).values(log).onConflictDoNothing().returning({ id: actionLogs.id }).get();
    return res?.id ?? null;
  }

  byId(id: number): ActionLogRow | null {
    return this.db.select().from(actionLogs).where(eq(actionLogs.id, id)).get() ?? null;
  }

  bySource(platform: string, messageId: string): ActionLogRow | null {
    return (
      this.db
        .select()
        .from(actionLogs)
        .where(and(eq(actionLogs.sourcePlatform, platform), eq(actionLogs.sourceMessageId, messageId)))
        .get() ?? null
    );
  }

  /** The latest valid log typed by this member since a moment (for /undo). */
  lastValidBy(loggedById: number, sinceMs: number): ActionLogRow | null {
    return (
      this.db
        .select()
        .from(actionLogs)
        .where(and(eq(actionLogs.loggedById, loggedById), eq(actionLogs.status, 'valid'), gte(actionLogs.createdAt, sinceMs)))
        .orderBy(desc(actionLogs.createdAt), desc(actionLogs.id))
        .get() ?? null
    );
  }

  setStatus(id: number, status: ActionLogRow['status']): boolean {
    return this.db.update(actionLogs).set({ status }).where(eq(actionLogs.id, id)).run().changes > 0;
  }

  /** Logs of a rep's customers that happened between two dates inclusive, newest first (/my). */
  forMemberBetween(memberId: number, from: string, to: string): ActionLogRow[] {
    return this.db
      .select()
      .from(actionLogs)
      .where(and(eq(actionLogs.memberId, memberId), gte(actionLogs.occurredOn, from), lte(actionLogs.occurredOn, to)))
      .orderBy(desc(actionLogs.occurredOn), desc(actionLogs.id))
      .all();
  }

  forCustomer(customerId: number): ActionLogRow[] {
    return this.db.select().from(actionLogs).where(eq(actionLogs.customerId, customerId)).all();
  }
}
