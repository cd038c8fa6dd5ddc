import { rateOf, type WeekCompletion } from './completion.js';
import { addDays, daysBetween, type LocalDate } from './dates.js';
import { type ActionDef, DEFAULT_ACTIONS } from './packs.js';
import { STAGES, type Stage } from './stages.js';
import type { DueItem, OrderRow } from './types.js';

// The figures the product reports beside the weekly loop (docs/method.md, "Figures the product
// reports"): repurchase cycle, collection attainment, stage transitions and rep profiles.

/** Median; the mean of the two middle values for an even count; null for no values. */
export function median(nums: number[]): number | null {
  if (nums.length === 0) return null;
  const s = [...nums].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export interface RepurchaseCycle {
  /** Median days from first to second purchase over new customers that repurchased. */
  medianDays: number | null;
  /** New customers with a second purchase (the median's sample). */
  n: number;
  /** New customers still waiting for their second purchase. */
  waiting: number;
}

/**
 * Repurchase cycle of new customers. The second purchase is the first order on a LATER date than
 * the first: two orders on the same day are one purchase split in two, not a repurchase.
 */
export function repurchaseCycleDays(orders: OrderRow[] | Map<number, OrderRow[]>, newCustomerIds: Iterable<number>): RepurchaseCycle {
  const flat = orders instanceof Map ? [...orders.values()].flat() : orders;
  const dates = new Map<number, Set<LocalDate>>();
  for (const o of flat) dates.set(o.customerId, (dates.get(o.customerId) ?? new Set()).add(o.date));
  const cycles: number[] = [];
  let waiting = 0;
  for (const id of new Set(newCustomerIds)) {
    const sorted = [...(dates.get(id) ?? [])].sort();
    if (sorted.length >= 2) cycles.push(daysBetween(sorted[0]!, sorted[1]!));
    else waiting += 1;
  }
  return { medianDays: median(cycles), n: cycles.length, waiting };
}

/** 回款达成率 = actual / target; null when there is no positive target. */
export function collectionAttainment(actualFen: number, targetFen: number): number | null {
  return targetFen > 0 ? actualFen / targetFen : null;
}

export interface StageChange {
  customerId: number;
  /** null for a customer's first stage. */
  from: Stage | null;
  to: Stage;
  at: LocalDate;
}

/** Counts of stage changes by from -> to (first stages and no-op changes excluded), most first. */
export function stageTransitions(history: StageChange[]): Array<{ from: Stage; to: Stage; count: number }> {
  const counts = new Map<string, { from: Stage; to: Stage; count: number }>();
  for (const h of history) {
    if (h.from === null || h.from === h.to) continue;
    const key = `${h.from}>${h.to}`;
    const row = counts.get(key) ?? { from: h.from, to: h.to, count: 0 };
    row.count += 1;
    counts.set(key, row);
  }
  const idx = (s: Stage) => STAGES.indexOf(s);
  return [...counts.values()].sort((a, b) => b.count - a.count || idx(a.from) - idx(b.from) || idx(a.to) - idx(b.to));
}

/** The customer's stage just before `date` (changes dated on or after it are not yet in force). */
export function stageBefore(history: StageChange[], customerId: number, date: LocalDate): Stage | null {
  let best: StageChange | null = null;
  for (const h of history) {
    if (h.customerId !== customerId || h.at >= date) continue;
    if (!best || h.at >= best.at) best = h;
  }
  return best?.to ?? null;
}

export interface Outcome {
  /** Customers in the stage at the period start. */
  base: number;
  hits: number;
  rate: number | null;
}

export interface RepProfile {
  repId: number;
  /** Incubating at the start that reached growing within the period. */
  conversion: Outcome;
  /** Stable at the start that are stable or growing at the end. */
  retention: Outcome;
  /** Declining at the start that are stable or growing at the end. */
  rescue: Outcome;
  /** Pack completion by the stage whose pack the action belongs to. */
  completionByStage: Record<Stage, WeekCompletion>;
  completion: WeekCompletion;
}

export interface ProfileInput {
  repId: number;
  /** The rep's customers over the period. */
  customerIds: number[];
  stageHistory: StageChange[];
  /** Inclusive period, e.g. a quarter. */
  from: LocalDate;
  to: LocalDate;
  items: DueItem[];
  actions?: ActionDef[];
}

function outcome(ids: number[], startStage: Stage, hit: (id: number) => boolean, starts: Map<number, Stage | null>): Outcome {
  const base = ids.filter((id) => starts.get(id) === startStage);
  const hits = base.filter(hit).length;
  return { base: base.length, hits, rate: rateOf(base.length, hits) };
}

function completionByStage(input: ProfileInput): Record<Stage, WeekCompletion> {
  const stageOf = new Map((input.actions ?? DEFAULT_ACTIONS).map((a) => [a.code, a.stage]));
  const counts = Object.fromEntries(STAGES.map((s) => [s, { due: 0, done: 0 }])) as Record<Stage, { due: number; done: number }>;
  for (const i of input.items) {
    const stage = stageOf.get(i.actionCode);
    if (!stage || i.memberId !== input.repId || i.status === 'cancelled') continue;
    if (i.dueDate < input.from || i.dueDate > input.to) continue;
    counts[stage].due += 1;
    if (i.status === 'done') counts[stage].done += 1;
  }
  return Object.fromEntries(STAGES.map((s) => [s, { ...counts[s], rate: rateOf(counts[s].due, counts[s].done) }])) as Record<
    Stage,
    WeekCompletion
  >;
}

/** What a rep does with each kind of customer over a period (能力画像). */
export function repProfile(input: ProfileInput): RepProfile {
  const { stageHistory: h, from, to, customerIds: ids } = input;
  const starts = new Map(ids.map((id) => [id, stageBefore(h, id, from)]));
  const end = (id: number) => stageBefore(h, id, addDays(to, 1));
  const better = (id: number) => end(id) === 'stable' || end(id) === 'growing';
  const reachedGrowing = (id: number) => h.some((c) => c.customerId === id && c.to === 'growing' && c.at >= from && c.at <= to);
  const byStage = completionByStage(input);
  const due = STAGES.reduce((s, st) => s + byStage[st].due, 0);
  const done = STAGES.reduce((s, st) => s + byStage[st].done, 0);
  return {
    repId: input.repId,
    conversion: outcome(ids, 'incubating', reachedGrowing, starts),
    retention: outcome(ids, 'stable', better, starts),
    rescue: outcome(ids, 'declining', better, starts),
    completionByStage: byStage,
    completion: { due, done, rate: rateOf(due, done) },
  };
}

export interface RankedRep {
  repId: number;
  rate: number | null;
  /** The completion the team's per-stage averages predict for this rep's mix of items. */
  expected: number | null;
  /** rate - expected; null when the rep had nothing due. */
  score: number | null;
  /** 1-based, ties share a rank; null when unranked. */
  rank: number | null;
}

/**
 * Ranking fair to stage mix: a rep full of declining customers (whose packs are harder) is
 * compared with what the team achieves on that same mix, not with a rep full of stable ones.
 */
export function normalisedRanking(profiles: Array<Pick<RepProfile, 'repId' | 'completionByStage'>>): RankedRep[] {
  const team = Object.fromEntries(
    STAGES.map((s) => {
      const due = profiles.reduce((acc, p) => acc + p.completionByStage[s].due, 0);
      const done = profiles.reduce((acc, p) => acc + p.completionByStage[s].done, 0);
      return [s, rateOf(due, done) ?? 0];
    }),
  ) as Record<Stage, number>;
  const rows = profiles.map((p) => {
    const due = STAGES.reduce((acc, s) => acc + p.completionByStage[s].due, 0);
    const done = STAGES.reduce((acc, s) => acc + p.completionByStage[s].done, 0);
    const exp = STAGES.reduce((acc, s) => acc + p.completionByStage[s].due * team[s], 0);
    const rate = rateOf(due, done);
    const expected = due === 0 ? null : exp / due;
    return {
      repId: p.repId,
      rate,
      expected,
      score: rate === null || expected === null ? null : rate - expected,
      rank: null as number | null,
    };
  });
  const scored = rows.filter((r) => r.score !== null).sort((a, b) => b.score! - a.score! || a.repId - b.repId);
  // Scores are compared after rounding so float noise does not split a genuine tie.
  const key = (r: RankedRep) => Math.round(r.score! * 1e9);
  scored.forEach((r, i) => {
    r.rank = i > 0 && key(scored[i - 1]!) === key(r) ? scored[i - 1]!.rank : i + 1;
  });
  return [...scored, ...rows.filter((r) => r.score === null).sort((a, b) => a.repId - b.repId)];
}

export interface TeamMedian {
  conversion: number | null;
  retention: number | null;
  rescue: number | null;
  completion: number | null;
}

/** A rep sees their own profile and the team median; a manager (or admin) sees everyone's. */
export function visibleProfiles(
  viewer: { id: number; role: string },
  profiles: RepProfile[],
): { profiles: RepProfile[]; teamMedian: TeamMedian } {
  const med = (pick: (p: RepProfile) => number | null) => median(profiles.map(pick).filter((v): v is number => v !== null));
  const teamMedian = {
    conversion: med((p) => p.conversion.rate),
    retention: med((p) => p.retention.rate),
    rescue: med((p) => p.rescue.rate),
    completion: med((p) => p.completion.rate),
  };
  const all = viewer.role === 'manager' || viewer.role === 'admin';
  return { profiles: all ? profiles : profiles.filter((p) => p.repId === viewer.id), teamMedian };
}
