import { and, eq } from 'drizzle-orm';
import type { Stage } from '../../domain/stages.js';
import type { DB } from '../client.js';
import { regionChats, regions, regionTargets } from '../schema.js';

export type Region = typeof regions.$inferSelect;

export class RegionsRepo {
  constructor(private readonly db: DB) {}

  byId(id: number): Region | null {
    return this.db.select().from(regions).where(eq(regions.id, id)).get() ?? null;
  }

  byName(name: string): Region | null {
    return this.db.select().from(regions).where(eq(regions.name, name)).get() ?? null;
  }

  all(): Region[] {
    return this.db.select().from(regions).all();
  }

  weights(region: Region): Record<Stage, number> {
    return JSON.parse(region.weightsJson) as Record<Stage, number>;
  }

  target(regionId: number, period: string): number | null {
    const row = this.db
      .select()
      .from(regionTargets)
      .where(and(eq(regionTargets.regionId, regionId), eq(regionTargets.period, period)))
      .get();
    return row?.targetFen ?? null;
  }

  bindChat(regionId: number, platform: string, chatId: string): void {
    // A chat serves one region and a region has one group per platform: clear both sides first.
    this.db
      .delete(regionChats)
      .where(and(eq(regionChats.platform, platform), eq(regionChats.chatId, chatId)))
      .run();
    this.db
      .insert(regionChats)
      .values({ regionId, platform, chatId })
      .onConflictDoUpdate({ target: [regionChats.regionId, regionChats.platform], set: { chatId } })
      .run();
  }

  /** The region a group chat is bound to (/bind), or null. */
  regionOfChat(platform: string, chatId: string): Region | null {
    const row = this.db
      .select({ r: regions })
      .from(regionChats)
      .innerJoin(regions, eq(regions.id, regionChats.regionId))
      .where(and(eq(regionChats.platform, platform), eq(regionChats.chatId, chatId)))
      .get();
    return row?.r ?? null;
  }

  chatsOf(regionId: number): Array<{ platform: string; chatId: string }> {
    return this.db
      .select({ platform: regionChats.platform, chatId: regionChats.chatId })
      .from(regionChats)
      .where(eq(regionChats.regionId, regionId))
      .all();
  }
}
