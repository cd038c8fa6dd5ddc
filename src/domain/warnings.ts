import type { LocalDate } from './dates.js';

// The rep warning (预警) of docs/method.md step 3: a rep whose weekly completion rate is below the
// threshold in `streak` consecutive weeks that have a rate.
//
// Interpretation, as implemented:
// - Only weeks on or before `lastCompletedWeek` count (the current, unfinished week would look
//   bad on Tuesday simply because its items are not due yet). Without it, every week given counts.
// - A week with nothing due has no rate (null) and is SKIPPED, not a break in the streak: a rep at
//   50% in week 1, on holiday with nothing due in week 2, and at 40% in week 3 is on warning.
//   A week missing from the history is treated the same as a null week.
// - "Below" is strict: exactly 70% is not below 70%.
// - The streak must end at the latest rated week: an old bad streak followed by a good week
//   is no warning.

export interface RatedWeek {
  /** Monday of the ISO week. */
  week: LocalDate;
  rate: number | null;
}

export interface WarningConfig {
  threshold: number;
  streak: number;
}

export const DEFAULT_WARNING: WarningConfig = { threshold: 0.7, streak: 2 };

export interface RepWarning {
  repId: number;
  /** The rated weeks behind the warning, oldest first (for the manager's message). */
  weeks: Array<{ week: LocalDate; rate: number }>;
}

/** The last `streak` rated weeks up to lastCompletedWeek, oldest first. */
export function lastRatedWeeks(
  weeks: RatedWeek[],
  streak: number,
  lastCompletedWeek?: LocalDate,
): Array<{ week: LocalDate; rate: number }> {
  const rated = weeks
    .filter((w): w is { week: LocalDate; rate: number } => w.rate !== null)
    .filter((w) => lastCompletedWeek === undefined || w.week <= lastCompletedWeek)
    .sort((a, b) => (a.week < b.week ? -1 : a.week > b.week ? 1 : 0));
  return rated.slice(Math.max(0, rated.length - streak));
}

function entries<T>(m: Map<number, T> | Record<number, T>): Array<[number, T]> {
  if (m instanceof Map) return [...m.entries()];
  return Object.entries(m).map(([k, v]) => [Number(k), v as T]);
}

/** Warnings with the rates behind them, ordered by rep id. */
export function dueWarnings(
  history: Map<number, RatedWeek[]> | Record<number, RatedWeek[]>,
  cfg: WarningConfig = DEFAULT_WARNING,
  lastCompletedWeek?: LocalDate,
): RepWarning[] {
  const streak = Math.max(1, Math.floor(cfg.streak));
  const out: RepWarning[] = [];
  for (const [repId, weeks] of entries(history)) {
    const last = lastRatedWeeks(weeks, streak, lastCompletedWeek);
    if (last.length < streak) continue;
    if (last.every((w) => w.rate < cfg.threshold)) out.push({ repId, weeks: last });
  }
  return out.sort((a, b) => a.repId - b.repId);
}

/** Rep ids on warning (see dueWarnings). */
export function repsDueWarning(
  history: Map<number, RatedWeek[]> | Record<number, RatedWeek[]>,
  cfg: WarningConfig = DEFAULT_WARNING,
  lastCompletedWeek?: LocalDate,
): number[] {
  return dueWarnings(history, cfg, lastCompletedWeek).map((w) => w.repId);
}

/**
 * Once per rep per week: the warnings not already sent for this week. `sent` holds keys made by
 * warningKey; the caller stores them after sending.
 */
export function unsentWarnings(warnings: RepWarning[], week: LocalDate, sent: ReadonlySet<string>): RepWarning[] {
  return warnings.filter((w) => !sent.has(warningKey(w.repId, week)));
}

export function warningKey(repId: number, week: LocalDate): string {
  return `${repId}@${week}`;
}

// The quarter-gap warning (docs/method.md step 3, "85% of a quarter's gap is visible by week 4"):
// one rule, scored by the backtest (backtest-warning.ts) and sent by the warnings job at week 4.
// The projection is what the rep collected since the quarter began plus the forecast of the rest
// of the quarter (open receivables and orders not yet placed). Skipped pack actions cost orders
// and delay collections, and the forecast reads completion over the last 90 days, mostly last
// quarter's; so when the rep's completion of the items due so far this quarter is below the
// threshold, the rest is lowered by `shortfallWeight` x the shortfall (at 50% against 70%: -10%).
// A projection below the target raised by a margin is a warning. The margin is `errorWeight` x
// the region's own backtested forecast error (its MAPE over the complete quarters before this
// one: the calibration's, the band of /预测), because the misses the rule let through were near
// misses whose rest came in short after week 4, and how short a rest can come in is what that
// error measures on this team's data; `defaultMargin` before the region has one. errorWeight was
// chosen on simulated tuning regions only (docs/numbers.md, "Early warning").

export interface QuarterProjection {
  targetFen: number;
  collectedFen: number;
  receivablesFen: number;
  newOrdersFen: number;
  /** Completion of the rep's items due since the quarter began; null when nothing was due. */
  completionRate: number | null;
  /** The region's backtested forecast error (0.08 = 8%) over the quarters before this one; null before there is one. */
  regionError: number | null;
}

export interface QuarterRiskConfig {
  threshold: number;
  shortfallWeight: number;
  errorWeight: number;
  defaultMargin: number;
}

export const DEFAULT_QUARTER_RISK: QuarterRiskConfig = { threshold: 0.7, shortfallWeight: 0.5, errorWeight: 0.65, defaultMargin: 0.05 };

export interface QuarterRisk {
  /** Collected + the rest after the completion adjustment. */
  adjustedFen: number;
  /** How far above the target the warning line is (0.05 = +5%). */
  margin: number;
  /** The warning line: the target x (1 + margin). */
  lineFen: number;
  atRisk: boolean;
}

export function quarterRisk(p: QuarterProjection, cfg: QuarterRiskConfig = DEFAULT_QUARTER_RISK): QuarterRisk {
  const shortfall = p.completionRate === null ? 0 : Math.max(0, cfg.threshold - p.completionRate);
  const adjusted = p.collectedFen + (p.receivablesFen + p.newOrdersFen) * (1 - cfg.shortfallWeight * shortfall);
  const margin = p.regionError === null ? cfg.defaultMargin : cfg.errorWeight * p.regionError;
  const line = p.targetFen * (1 + margin);
  return { adjustedFen: Math.round(adjusted), margin, lineFen: Math.round(line), atRisk: p.targetFen > 0 && adjusted < line };
}

/**
 * Who handles a rep's warning: gets the manager card (src/method/jobs/warnings.ts) and may press its buttons
 * (commands/warning-actions.ts; admins may as well). The rep's direct manager when that person is
 * a manager or admin of the rep's region, else every manager of the region. One rule for both, so
 * a card never goes to someone its buttons then refuse (a managerId pointing outside the region).
 */
export function warningHandlers<M extends { id: number; role: string }>(regionMembers: M[], rep: { managerId: number | null }): M[] {
  const direct = regionMembers.find((m) => m.id === rep.managerId && m.role !== 'rep');
  return direct ? [direct] : regionMembers.filter((m) => m.role === 'manager');
}
