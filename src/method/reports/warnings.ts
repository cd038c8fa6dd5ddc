import { weekOf, type WeekSource } from '../metrics/region-metrics.js';
import type { Config } from '../../config.js';
import { addDays, type LocalDate } from '../../domain/dates.js';
import { dueWarnings, type RatedWeek, type RepWarning, type WarningConfig } from '../../domain/warnings.js';

// Which reps are on warning in a week, from the region's items. Weeks with nothing due are skipped
// by the domain rule, so we look further back than the streak itself.
const EXTRA_WEEKS = 6;

export function warningConfig(config: Config): WarningConfig {
  return { threshold: config.WARNING_THRESHOLD, streak: config.WARNING_STREAK };
}

/** The completed weeks warningsFor reads, newest first (a windowed loader loads these). */
export function warningWeeks(thisWeek: LocalDate, cfg: WarningConfig): LocalDate[] {
  return Array.from({ length: cfg.streak + EXTRA_WEEKS }, (_, i) => addDays(thisWeek, -7 * (i + 1)));
}

/** Warnings as of the ISO week starting thisWeek: only completed weeks (before it) count. */
export function warningsFor(data: WeekSource, thisWeek: LocalDate, cfg: WarningConfig): RepWarning[] {
  const lastCompleted = addDays(thisWeek, -7);
  const history = new Map<number, RatedWeek[]>();
  for (const week of warningWeeks(thisWeek, cfg)) {
    for (const [repId, c] of weekOf(data, week).byRep) {
      const list = history.get(repId) ?? [];
      list.push({ week, rate: c.rate });
      history.set(repId, list);
    }
  }
  return dueWarnings(history, cfg, lastCompleted);
}
