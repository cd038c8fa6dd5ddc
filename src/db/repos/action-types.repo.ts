import type { ActionDef, Frequency } from '../../domain/packs.js';
import type { Stage } from '../../domain/stages.js';
import type { DB } from '../client.js';
import { actionTypes } from '../schema.js';

export class ActionTypesRepo {
  private cache: ActionDef[] | null = null;

  constructor(private readonly db: DB) {}

  /** Action types change only by seeding or admin edits, so they are cached until invalidate(). */
  all(): ActionDef[] {
    this.cache ??= this.db
      .select()
      .from(actionTypes)
      .all()
      .map((r) => ({
        code: r.code,
        name: r.name,
        aliases: JSON.parse(r.aliasesJson) as string[],
        stage: (r.stage as Stage | null) ?? null,
        frequency: r.frequencyJson ? (JSON.parse(r.frequencyJson) as Frequency) : null,
      }));
    return this.cache;
  }

  upsert(defs: ActionDef[]): void {
    for (const d of defs) {
      const row = {
        code: d.code,
        name: d.name,
        aliasesJson: JSON.stringify(d.aliases),
        stage: d.stage,
        frequencyJson: d.frequency ? JSON.stringify(d.frequency) : null,
      };
      this.db.insert(actionTypes).values(row).onConflictDoUpdate({ target: actionTypes.code, set: row }).run();
    }
    this.cache = null;
  }
}
