import { and, eq, isNull } from 'drizzle-orm';
import type { DB } from '../client.js';
import { memberIdentities, members } from '../schema.js';

export type Member = typeof members.$inferSelect;

export class MembersRepo {
  constructor(private readonly db: DB) {}

  byId(id: number): Member | null {
    return this.db.select().from(members).where(eq(members.id, id)).get() ?? null;
  }

  byName(name: string): Member[] {
    return this.db.select().from(members).where(eq(members.name, name)).all();
  }

  byIdentity(platform: string, externalId: string): Member | null {
    const row = this.db
      .select({ m: members })
      .from(memberIdentities)
      .innerJoin(members, eq(members.id, memberIdentities.memberId))
      .where(and(eq(memberIdentities.platform, platform), eq(memberIdentities.externalId, externalId)))
      .get();
    return row?.m ?? null;
  }

  identityOf(memberId: number, platform: string): string | null {
    const row = this.db
      .select({ id: memberIdentities.externalId })
      .from(memberIdentities)
      .where(and(eq(memberIdentities.memberId, memberId), eq(memberIdentities.platform, platform)))
      .get();
    return row?.id ?? null;
  }

  bindIdentity(memberId: number, platform: string, externalId: string): void {
    this.db.insert(memberIdentities).values({ memberId, platform, externalId }).onConflictDoNothing().run();
  }

  /** A platform's leader becomes the manager only when none was set by hand. */
  setManagerIfUnset(memberId: number, managerId: number): boolean {
    return (
      this.db
        .update(members)
        .set({ managerId })
        .where(and(eq(members.id, memberId), isNull(members.managerId)))
        .run().changes > 0
    );
  }

  inRegion(regionId: number): Member[] {
    return this.db.select().from(members).where(eq(members.regionId, regionId)).all();
  }

  all(): Member[] {
    return this.db.select().from(members).all();
  }

  /** Reminders stay off through `until` (inclusive); null turns them back on. */
  setRemindersPausedUntil(memberId: number, until: string | null): void {
    this.db.update(members).set({ remindersPausedUntil: until }).where(eq(members.id, memberId)).run();
  }
}
