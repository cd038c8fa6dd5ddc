import type { TargetVersion } from '../../db/repos/target-versions.repo.js';
import { quarterOf } from '../../domain/dates.js';
import { parseAmountToFen } from '../../domain/money.js';
import { type SplitResult, type StageWeights, splitTarget, type TargetSplit } from '../../domain/target-split.js';
import type { Services } from '../../services.js';
import { toFacts } from '../metrics/region-data.js';

// Target split plumbing shared by /target, /weights, /map and GET /api/map: which period, the
// split computed from the region's current stages, and versions saved as JSON.

/** '2026', '2026-Q4', '2026Q4', 'Q4' (this year), 今年/本年, 本季/本季度; null when not a period. */
export function parsePeriod(word: string, today: string): string | null {
  const w = word.trim().toUpperCase();
  if (/^\d{4}年?$/.test(w)) return w.slice(0, 4);
  let m = /^(\d{4})[-]?Q([1-4])$/.exec(w);
  if (m) return `${m[1]}-Q${m[2]}`;
  m = /^Q([1-4])$/.exec(w);
  if (m) return `${today.slice(0, 4)}-Q${m[1]}`;
  if (w === '今年' || w === '本年') return today.slice(0, 4);
  if (w === '本季' || w === '本季度') return quarterOf(today);
  return null;
}

/** How far from this year a target period may be: a typo such as 9999 must not become a draft. */
export const PERIOD_YEARS_AROUND = 2;

/** Chinese reason the period is out of range (this year ± 2), or null. */
export function periodRangeError(period: string, today: string): string | null {
  const year = Number(period.slice(0, 4));
  const now = Number(today.slice(0, 4));
  if (Math.abs(year - now) <= PERIOD_YEARS_AROUND) return null;
  return `${year} 年超出可设定的范围：目标期间只能是 ${now - PERIOD_YEARS_AROUND} 到 ${now + PERIOD_YEARS_AROUND} 年。`;
}

/** The year when it has a target or a split, else this quarter when it has one, else the year. */
export function defaultPeriod(services: Services, regionId: number): string {
  const today = services.today();
  const year = today.slice(0, 4);
  const has = (p: string) => services.repos.regions.target(regionId, p) !== null || services.repos.targets.latest(regionId, p) !== null;
  return has(year) || !has(quarterOf(today)) ? year : quarterOf(today);
}

/** '4.2亿', '42000万', '420000000', and '4.2 亿' typed with a space. Returns [fen, words used]. */
export function parseAmountArgs(args: string[]): [number | null, number] {
  if (args.length >= 2 && /^(亿|万|千|元|万元|亿元)$/.test(args[1]!)) return [parseAmountToFen(args[0]! + args[1]!), 2];
  return [args.length ? parseAmountToFen(args[0]!) : null, 1];
}

/** Who a split of the region covers today: its customers, and its reps plus anyone who owns a customer. */
function splitMembers(services: Services, regionId: number) {
  const customers = services.repos.customers.inRegion(regionId);
  const owners = new Set(customers.map((c) => c.ownerId));
  // A manager who keeps a key account is a row too, so no customer's share silently leaves the split.
  const reps = services.repos.members
    .inRegion(regionId)
    .filter((m) => m.role === 'rep' || owners.has(m.id))
    .sort((a, b) => a.id - b.id);
  return { customers, reps };
}

/** Reps and customers the saved split does not include: added (or imported) after it was made. */
export function missingFromSplit(services: Services, regionId: number, split: TargetSplit): { reps: string[]; customers: string[] } {
  const { customers, reps } = splitMembers(services, regionId);
  const inReps = new Set(split.reps.map((r) => r.repId));
  const inCustomers = new Set(split.customers.map((c) => c.customerId));
  return {
    reps: reps.filter((m) => !inReps.has(m.id)).map((m) => m.name),
    customers: customers.filter((c) => !inCustomers.has(c.id)).map((c) => c.name),
  };
}

/** The split over the region's current customers and stage weights. */
export function computeSplit(services: Services, regionId: number, targetFen: number, weights?: StageWeights): SplitResult {
  const region = services.repos.regions.byId(regionId)!;
  const { customers, reps } = splitMembers(services, regionId);
  return splitTarget({
    targetFen,
    weights: weights ?? services.repos.regions.weights(region),
    customers: customers.map(toFacts),
    reps: reps.map((m) => ({ id: m.id, name: m.name, lastYearFen: m.lastYearFen })),
  });
}

export function saveVersion(services: Services, regionId: number, period: string, split: TargetSplit, byId: number): TargetVersion {
  return services.repos.targets.insert({
    regionId,
    period,
    targetFen: split.targetFen,
    weights: split.weightsPct,
    splitJson: JSON.stringify(split),
    createdById: byId,
    createdAt: services.clock.now().getTime(),
  });
}

export function splitOf(v: TargetVersion): TargetSplit {
  return JSON.parse(v.splitJson) as TargetSplit;
}

/** The split a viewer sees: the saved version (published only for reps), else computed on the fly. */
export function currentSplit(
  services: Services,
  regionId: number,
  publishedOnly: boolean,
): { period: string; split: TargetSplit; version: TargetVersion | null } | null {
  const period = defaultPeriod(services, regionId);
  const v = services.repos.targets.latest(regionId, period, publishedOnly);
  if (v) return { period, split: splitOf(v), version: v };
  const target = services.repos.regions.target(regionId, period);
  if (target === null) return null;
  const res = computeSplit(services, regionId, target);
  return res.ok ? { period, split: res.split, version: null } : null;
}
