import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { HOLIDAY_NAMES } from '../../domain/calendar.js';
import type { ActionDef } from '../../domain/packs.js';
import { STAGES } from '../../domain/stages.js';
import type { Services } from '../../services.js';

// The team's action packs (docs/operations.md "Changing packs"): a JSON file loaded at start into
// action_types, so a team changes a pack's actions, names, aliases or frequencies without code.
// Codes not in the file keep their current rows (the docs/method.md defaults unless edited before).

export const DEFAULT_PACKS_FILE = 'config/packs.json';

const positiveInt = z.number().int().min(1);
const frequencySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('periodic'), period: z.enum(['biweek', 'month', 'quarter', 'half', 'year']), times: positiveInt }).strict(),
  z.object({ kind: z.literal('holiday'), holidays: z.array(z.enum(HOLIDAY_NAMES)).min(1), windowDays: positiveInt }).strict(),
  z.object({ kind: z.literal('on_entry'), withinDays: positiveInt }).strict(),
  z.object({ kind: z.literal('on_entry_then_monthly'), withinDays: positiveInt }).strict(),
]);

const actionSchema = z
  .object({
    code: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be lower_snake_case, e.g. onsite_revisit'),
    name: z.string().min(1),
    aliases: z.array(z.string().min(1)).default([]),
    stage: z.enum(STAGES).nullable(),
    frequency: frequencySchema.nullable(),
  })
  .strict()
  .refine((a) => (a.stage === null) === (a.frequency === null), {
    message: 'stage and frequency go together: a pack action has both, a logged-only action has neither',
  });

export const packsFileSchema = z
  .object({ actions: z.array(actionSchema).min(1) })
  .strict()
  .refine((f) => new Set(f.actions.map((a) => a.code)).size === f.actions.length, {
    message: 'two actions share a code',
    path: ['actions'],
  });

export class PacksFileError extends Error {}

/** Parses a packs file; the error names the file and the field (actions.3.frequency.period). */
export function parsePacksFile(path: string, text: string): ActionDef[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new PacksFileError(`${path}: not valid JSON (${(err as Error).message})`);
  }
  const parsed = packsFileSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${path}: ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new PacksFileError(`Invalid packs file, fix these fields:\n${lines.join('\n')}`);
  }
  return parsed.data.actions;
}

/** Loads PACKS_FILE (must exist when set) or config/packs.json (optional) into action_types. */
export function applyPacksFile(services: Services): number {
  const path = services.config.PACKS_FILE ?? DEFAULT_PACKS_FILE;
  if (!existsSync(path)) {
    if (services.config.PACKS_FILE) throw new PacksFileError(`PACKS_FILE: ${path} does not exist`);
    return 0;
  }
  const defs = parsePacksFile(path, readFileSync(path, 'utf8'));
  services.db.transaction(() => services.repos.actionTypes.upsert(defs));
  return defs.length;
}
