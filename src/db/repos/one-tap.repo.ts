import { and, asc, between, eq } from 'drizzle-orm';
import type { DB } from '../client.js';
import { actionLogs, coachingItems, dueItems, itemMoves, pendingNotes } from '../schema.js';

export type PendingNote = typeof pendingNotes.$inferSelect;
export type CoachingItem = typeof coachingItems.$inferSelect;

/** The rows behind the one-tap actions (issue 15 item 3): a note awaited by reply, 改期, coaching sessions. */
export class OneTapRepo {
  constructor(private readonly db: DB) {}

  /** One awaited note per member: a newer 「✓」 replaces the older one. */
  awaitNote(n: PendingNote): void {
    this.db
      .insert(pendingNotes)
      .values(n)
      .onConflictDoUpdate({
        target: pendingNotes.memberId,
        set: { logId: n.logId, platform: n.platform, chatId: n.chatId, until: n.until },
      })
      .run();
  }

  pendingNote(memberId: number): PendingNote | null {
    return this.db.select().from(pendingNotes).where(eq(pendingNotes.memberId, memberId)).get() ?? null;
  }

  dropNote(memberId: number): void {
    this.db.delete(pendingNotes).where(eq(pendingNotes.memberId, memberId)).run();
  }

  /** Sets the note of a log that is still valid; false when it was undone or rejected meanwhile. */
  setLogNote(logId: number, note: string): boolean {
    return (
      this.db
        .update(actionLogs)
        .set({ note })
        .where(and(eq(actionLogs.id, logId), eq(actionLogs.status, 'valid')))
        .run().changes > 0
    );
  }

  /** Moves an open item's due date and records who did it; false when the item is no longer open. */
  moveItem(itemId: number, fromDate: string, toDate: string, movedById: number, at: number): boolean {
    const moved =
      this.db
        .update(dueItems)
        .set({ dueDate: toDate })
        .where(and(eq(dueItems.id, itemId), eq(dueItems.status, 'open'), eq(dueItems.dueDate, fromDate)))
        .run().changes > 0;
    if (moved) this.db.insert(itemMoves).values({ itemId, fromDate, toDate, movedById, at }).run();
    return moved;
  }

  movesOf(itemId: number): Array<typeof itemMoves.$inferSelect> {
    return this.db.select().from(itemMoves).where(eq(itemMoves.itemId, itemId)).orderBy(asc(itemMoves.id)).all();
  }

  /** Inserts the coaching session unless the rep already has one that week; returns the one that stands. */
  addCoaching(c: Omit<CoachingItem, 'id'>): { item: CoachingItem; created: boolean } {
    const created = this.db.insert(coachingItems).values(c).onConflictDoNothing().run().changes > 0;
    const item = this.db
      .select()
      .from(coachingItems)
      .where(and(eq(coachingItems.repId, c.repId), eq(coachingItems.week, c.week)))
      .get()!;
    return { item, created };
  }

  coachingFor(repId: number, week: string): CoachingItem | null {
    return (
      this.db
        .select()
        .from(coachingItems)
        .where(and(eq(coachingItems.repId, repId), eq(coachingItems.week, week)))
        .get() ?? null
    );
  }

  /** A manager's coaching sessions due between two dates inclusive (/我的, the Thursday reminder). */
  coachingOfManager(managerId: number, from: string, to: string): CoachingItem[] {
    return this.db
      .select()
      .from(coachingItems)
      .where(and(eq(coachingItems.managerId, managerId), between(coachingItems.dueDate, from, to)))
      .orderBy(asc(coachingItems.dueDate), asc(coachingItems.id))
      .all();
  }
}
