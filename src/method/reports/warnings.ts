import type { Config } from '../../config.js';
import { addDays, type LocalDate } from '../../domain/dates.js';
import { dueWarnings, type RatedWeek, type RepWarning, type WarningConfig } from '../../domain/warnings.js';
import type { Services } from '../../services.js';
import { type WeekSource, weekOf } from '../metrics/region-metrics.js';

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

/**
 * Reps a warning was sent about in an ISO week ('2026-W48'): the warnings job's run record, and
 * the warning DMs in the outbox for runs recorded before it kept the rep ids. A warning already
 * sent stays on /报告 and /团队 even when a late log has since lifted the rep's rate: history is
 * immutable (docs/numbers.md), and the manager acted on it.
 */
export function sentWarningReps(services: Services, isoWeekKey: string): Set<number> {
  const out = new Set<number>();
  const detail = services.repos.jobRuns.get('warnings', isoWeekKey)?.detail;
  const recorded = detail ? (JSON.parse(detail) as { repIds?: unknown }).repIds : undefined;
  if (Array.isArray(recorded)) for (const id of recorded) out.add(Number(id));
  for (const key of services.repos.outbox.keysLike(`warning%:%:${isoWeekKey}%`)) {
    const m = /^warning(?:-nudge)?:(\d+):/.exec(key);
    if (m) out.add(Number(m[1]));
  }
  return out;
}
