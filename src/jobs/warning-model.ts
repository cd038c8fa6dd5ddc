import type { RegionData } from '../commands/lib/region-data.js';
import { weekOf } from '../commands/lib/region-metrics.js';
import type { Config } from '../config.js';
import { addDays, type LocalDate } from '../domain/dates.js';
import { dueWarnings, type RatedWeek, type RepWarning, type WarningConfig } from '../domain/warnings.js';

// Which reps are on warning in a week, from the region's items. Weeks with nothing due are skipped
// by the domain rule, so we look further back than the streak itself.
const EXTRA_WEEKS = 6;

export function warningConfig(config: Config): WarningConfig {
  return { threshold: config.WARNING_THRESHOLD, streak: config.WARNING_STREAK };
}

/** Warnings as of the ISO week starting thisWeek: only completed weeks (before it) count. */
export function warningsFor(data: RegionData, thisWeek: LocalDate, cfg: WarningConfig): RepWarning[] {
  const lastCompleted = addDays(thisWeek, -7);
  const history = new Map<number, RatedWeek[]>();
  for (let i = 0; i < cfg.streak + EXTRA_WEEKS; i++) {
    const week = addDays(lastCompleted, -7 * i);
    for (const [repId, c] of weekOf(data, week).byRep) {
      const list = history.get(repId) ?? [];
      list.push({ week, rate: c.rate });
      history.set(repId, list);
    }
  }
  return dueWarnings(history, cfg, lastCompleted);
}
