import { groupBy } from '../../domain/collections.js';
import { completionTrend, percent, type TrendPoint } from '../../domain/completion.js';
import { consensusRate } from '../../domain/consensus.js';
import { addDays, type LocalDate, quarterOf, quarterStart, weekStart } from '../../domain/dates.js';
import { formatFen } from '../../domain/money.js';
import { STAGE_SHORT } from '../../domain/stages.js';
import {
  collectionAttainment,
  normalisedRanking,
  type RankedRep,
  type RepProfile,
  repProfile,
  repurchaseCycleDays,
  stageTransitions,
} from '../../domain/team-metrics.js';
import type { OrderRow } from '../../domain/types.js';
import { DEFAULT_WARNING, dueWarnings, type RepWarning } from '../../domain/warnings.js';
import type { Services } from '../../services.js';
import { TEAM_WEEKS, type TeamData } from './region-data.js';
import { weekOf } from './region-metrics.js';

// The team figures of docs/method.md ("Figures the product reports"), each as one zh-CN line for
// /团队 and the Monday report. Every figure says "暂无" rather than 0% when it has no sample.

/** Mondays of the last n complete weeks, oldest first. */
export function lastWeeks(today: LocalDate, n: number): LocalDate[] {
  const thisWeek = weekStart(today);
  return Array.from({ length: n }, (_, i) => addDays(thisWeek, -7 * (n - i)));
}

/** A window loaded from a later date would report the missing days as empty: refuse instead. */
function covered(loadedFrom: LocalDate | undefined, from: LocalDate, what: string): void {
  if (loadedFrom !== undefined && from < loadedFrom) throw new Error(`${what} from ${from} were not loaded (only from ${loadedFrom})`);
}

export function regionTrend(data: TeamData, today: LocalDate, n = TEAM_WEEKS): TrendPoint[] {
  covered(data.itemsFrom, lastWeeks(today, n)[0] ?? today, 'items');
  const reps = new Set(data.reps.map((r) => r.id));
  return completionTrend(
    data.items.filter((i) => reps.has(i.memberId)),
    lastWeeks(today, n),
  );
}

export function trendLine(points: TrendPoint[]): string {
  return points.map((p) => `${p.week.slice(5)} ${p.rate === null ? '—' : percent(p.rate)}`).join(' → ');
}

/** Reps on warning as of the last complete week (two weeks under 70%, docs/method.md step 3). */
export function warningsOf(data: TeamData, today: LocalDate, weeks = TEAM_WEEKS): RepWarning[] {
  covered(data.itemsFrom, lastWeeks(today, weeks)[0] ?? today, 'items');
  const history = new Map<number, Array<{ week: LocalDate; rate: number | null }>>();
  for (const week of lastWeeks(today, weeks)) {
    for (const [repId, c] of weekOf(data, week).byRep) history.set(repId, [...(history.get(repId) ?? []), { week, rate: c.rate }]);
  }
  return dueWarnings(history, DEFAULT_WARNING);
}

/** New customers: first classified as incubating, or incubating now. */
export function repurchaseLine(data: TeamData): string {
  const firstStage = new Map<number, string>();
  for (const h of [...data.stageHistory].sort((a, b) => (a.at < b.at ? -1 : 1))) {
    if (!firstStage.has(h.customerId)) firstStage.set(h.customerId, h.from ?? h.to);
  }
  const ids = data.customers.filter((c) => c.stage === 'incubating' || firstStage.get(c.id) === 'incubating').map((c) => c.id);
  const r = repurchaseCycleDays(data.purchases, ids);
  if (ids.length === 0) return '新客户复购周期：暂无（没有新客户）';
  if (r.medianDays === null) return `新客户复购周期：暂无（${r.waiting} 家新客户都还在等第二次采购）`;
  return `新客户复购周期：中位数 ${r.medianDays} 天（${r.n} 家已复购，${r.waiting} 家待复购）`;
}

export interface QuarterTarget {
  quarter: string;
  /** null when neither the quarter nor the year has a region target. */
  targetFen: number | null;
  /** Where it comes from: the quarter's own target, or a quarter of the year's (yearFen / 4). */
  source: 'quarter' | 'year' | null;
  yearFen: number | null;
}

/** The region's target for the quarter of `today`: an explicit quarter target, else a quarter of the year's. */
export function quarterTarget(services: Services, regionId: number, today: LocalDate): QuarterTarget {
  const quarter = quarterOf(today);
  const regions = services.repos.regions;
  const yearFen = regions.target(regionId, today.slice(0, 4));
  const own = regions.target(regionId, quarter);
  if (own !== null) return { quarter, targetFen: own, source: 'quarter', yearFen };
  return { quarter, targetFen: yearFen === null ? null : Math.round(yearFen / 4), source: yearFen === null ? null : 'year', yearFen };
}

/** Collections (回款) from the quarter's first day to today; later-dated rows are not collected yet. */
export function collectedInQuarter(collections: OrderRow[], today: LocalDate): number {
  const from = quarterStart(quarterOf(today));
  return collections.reduce((s, o) => (o.date >= from && o.date <= today ? s + o.amountFen : s), 0);
}

/** 回款达成率 of the quarter to date (quarterTarget over collectedInQuarter). */
export function attainmentLine(services: Services, data: TeamData, today: LocalDate): string {
  const q = quarterOf(today);
  covered(data.collectionsFrom, quarterStart(q), 'collections');
  const target = quarterTarget(services, data.region.id, today).targetFen;
  const actual = collectedInQuarter(data.collections, today);
  const rate = target === null ? null : collectionAttainment(actual, target);
  if (rate === null) return `回款达成率（${q}）：暂无目标；本季度已回款 ${formatFen(actual)}`;
  return `回款达成率（${q} 至今）：${percent(rate)}（已回款 ${formatFen(actual)} / 季度目标 ${formatFen(target!)}）`;
}

export function consensusLine(services: Services, regionId: number): string {
  const decided = services.repos.stages.decidedReviewsInRegion(regionId);
  const rate = consensusRate(decided);
  if (rate === null) return '阶段共识率：暂无（还没有主管复核过的阶段确认）';
  return `阶段共识率：${percent(rate)}（${decided.length} 次复核中，销售自评与主管结论一致 ${decided.filter((d) => d.repPick === d.finalStage).length} 次）`;
}

/** Stage changes of the last 12 months, e.g. 孵化→成长 3 次. */
export function transitionsLine(data: TeamData, today: LocalDate): string {
  const since = addDays(today, -365);
  const rows = stageTransitions(data.stageHistory.filter((h) => h.at >= since));
  if (rows.length === 0) return '阶段变化（近 12 个月）：暂无';
  return `阶段变化（近 12 个月）：${rows.map((r) => `${STAGE_SHORT[r.from]}→${STAGE_SHORT[r.to]} ${r.count} 次`).join('，')}`;
}

/** Profiles over the quarter to date (items due up to yesterday: today's are not late yet). */
export function profilesOf(data: TeamData, today: LocalDate): { profiles: RepProfile[]; from: LocalDate; to: LocalDate } {
  const from = quarterStart(quarterOf(today));
  const to = addDays(today, -1) < from ? from : addDays(today, -1);
  covered(data.itemsFrom, from, 'items');
  // Each rep gets their own items, customers and those customers' history (the rule ignores the
  // rest anyway): handing every rep the region's rows was reps x rows, 42 s for 2,000 reps.
  const itemsOf = groupBy(data.items, (i) => i.memberId);
  const customersOf = groupBy(data.customers, (c) => c.ownerId);
  const historyOf = groupBy(data.stageHistory, (h) => h.customerId);
  const profiles = data.reps.map((r) => {
    const customerIds = (customersOf.get(r.id) ?? []).map((c) => c.id);
    return repProfile({
      repId: r.id,
      customerIds,
      stageHistory: customerIds.flatMap((id) => historyOf.get(id) ?? []),
      from,
      to,
      items: itemsOf.get(r.id) ?? [],
      actions: data.actions,
    });
  });
  return { profiles, from, to };
}

export function rankingOf(profiles: RepProfile[]): RankedRep[] {
  return normalisedRanking(profiles);
}
