import { DEFAULT_ACTIONS } from '../../domain/packs.js';
import type { Services } from '../../services.js';
import { applyPacksFile } from './packs-file.js';

/**
 * Seeds the action types and packs of docs/method.md when the table is empty. A team's own edits
 * (packs config, admin commands) are kept: existing rows are never overwritten here.
 */
export function seedReferenceData(services: Services): void {
  const existing = new Set(services.repos.actionTypes.all().map((a) => a.code));
  const missing = DEFAULT_ACTIONS.filter((a) => !existing.has(a.code));
  if (missing.length) services.repos.actionTypes.upsert(missing);
  // The team's packs file (PACKS_FILE / config/packs.json) wins over the defaults on every start.
  applyPacksFile(services);
}
