import { formatFen } from './money.js';
import { incubatingBasis, shareOut } from './pool-shares.js';
import { apportion, type StageWeights, toBp, validateWeights } from './stage-weights.js';
import { STAGE_SHORT, STAGES, type Stage } from './stages.js';
import type { CustomerFacts } from './types.js';

export { apportion, type StageWeights, validateWeights, type WeightCheck } from './stage-weights.js';

// The target split of docs/method.md step 1b: stage pools by weight, each customer's share of its pool
// by baseline, rep targets as the sum of their customers' shares, the new-market reserve shown
// apart, and the old way (去年业绩按比例摊派) beside it. All money is integer 分.

export interface RepInput {
  id: number;
  name: string;
  lastYearFen: number;
}

export interface SplitInput {
  targetFen: number;
  weights: StageWeights;
  customers: CustomerFacts[];
  reps: RepInput[];
  /** Reserve the manager hands to reps by hand (repId → 分). */
  reserveAssignments?: Record<number, number>;
  /** The region's median incubating baseline when known from a wider set than `customers`. */
  medianIncubatingFen?: number;
}

export interface StagePool {
  stage: Stage;
  weightPct: number;
  poolFen: number;
  customerCount: number;
  toReserve: boolean;
}

export interface CustomerShare {
  customerId: number;
  name: string;
  ownerId: number;
  stage: Stage;
  /** The figure the share is proportional to, and where it came from. */
  basisFen: number;
  basisSource: 'baseline' | 'potential' | 'median' | 'even';
  shareFen: number;
}

export interface RepTarget {
  repId: number;
  name: string;
  stageCounts: Record<Stage, number>;
  customerFen: number;
  reserveFen: number;
  adjustFen: number;
  targetFen: number;
  oldWayFen: number;
  diffFen: number;
  /** No sales last year: the old way has nothing to go by (shown as 「新人，无历史」, not as 0). */
  noHistory: boolean;
  reason: string;
}

export interface TargetSplit {
  targetFen: number;
  weightsPct: StageWeights;
  reservePct: number;
  pools: Record<Stage, StagePool>;
  /** Everything the reserve holds: its weight, empty stage pools, shares of customers with no listed rep. */
  reserveTotalFen: number;
  /** The part of the reserve not yet assigned to anyone. Rep targets + reserveFen === targetFen. */
  reserveFen: number;
  /** What the old way shares out: the target minus the reserve, the same amount the stage pools give reps. */
  distributableFen: number;
  customers: CustomerShare[];
  reps: RepTarget[];
  notes: string[];
}

export type SplitResult = { ok: true; split: TargetSplit } | { ok: false; error: string };

export function splitTarget(input: SplitInput): SplitResult {
  const { targetFen, weights, reps } = input;
  if (!Number.isSafeInteger(targetFen) || targetFen < 0) return { ok: false, error: '目标金额须为非负整数（分）' };
  const check = validateWeights(weights);
  if (!check.ok) return { ok: false, error: check.error };
  const assignments = input.reserveAssignments ?? {};
  const bad = checkAssignments(assignments, reps);
  if (bad) return { ok: false, error: bad };

  const { pools, shares, reserveFromPools, notes } = buildPools(input, check.reservePct);
  let reserveTotal = reserveFromPools;
  const repIds = new Set(reps.map((r) => r.id));
  for (const s of shares.filter((c) => !repIds.has(c.ownerId))) {
    reserveTotal += s.shareFen;
    notes.push(`客户「${s.name}」的负责人不在名单中，其份额 ${formatFen(s.shareFen)} 计入新市场储备`);
  }
  const assigned = reps.reduce((a, r) => a + (assignments[r.id] ?? 0), 0);
  if (assigned > reserveTotal) {
    return { ok: false, error: `新市场储备共 ${formatFen(reserveTotal)}，已分配 ${formatFen(assigned)}，超出可分配额` };
  }

  // Like for like: the old way shares the amount the new way gives reps by stage, not the whole target
  // (else every rep looks cut by the reserve alone).
  const distributableFen = targetFen - reserveTotal;
  const oldWay = apportion(
    distributableFen,
    reps.map((r) => Math.max(0, r.lastYearFen)),
  );
  // Grouped once: filtering every share per rep is O(reps x customers), too slow for 1,000 x 100.
  const byOwner = new Map<number, CustomerShare[]>();
  for (const s of shares) {
    const list = byOwner.get(s.ownerId);
    if (list) list.push(s);
    else byOwner.set(s.ownerId, [s]);
  }
  const repTargets = reps.map((r, i) => buildRep(r, byOwner.get(r.id) ?? [], assignments[r.id] ?? 0, oldWay[i]!, weights));
  const split: TargetSplit = {
    targetFen,
    weightsPct: { ...weights },
    reservePct: check.reservePct,
    pools,
    reserveTotalFen: reserveTotal,
    reserveFen: reserveTotal - assigned,
    distributableFen,
    customers: shares,
    reps: repTargets,
    notes,
  };
  return { ok: true, split };
}

/** Cuts T into stage pools and the reserve, then each pool into customer shares. */
function buildPools(input: SplitInput, reservePct: number) {
  const { targetFen, weights, customers } = input;
  const notes: string[] = [];
  const cuts = apportion(targetFen, [...STAGES.map((s) => toBp(weights[s])), toBp(reservePct)]);
  let reserveFromPools = cuts[STAGES.length]!;
  const shares: CustomerShare[] = [];
  const pools = {} as Record<Stage, StagePool>;
  STAGES.forEach((stage, k) => {
    const members = customers.filter((c) => c.stage === stage);
    const pool: StagePool = {
      stage,
      weightPct: toBp(weights[stage]) / 100,
      poolFen: cuts[k]!,
      customerCount: members.length,
      toReserve: false,
    };
    pools[stage] = pool;
    if (members.length === 0) {
      // Never silently dropped: an empty stage's pool is shown as part of the reserve.
      pool.toReserve = pool.poolFen > 0;
      reserveFromPools += pool.poolFen;
      if (pool.toReserve) notes.push(`${STAGE_SHORT[stage]}池 ${formatFen(pool.poolFen)} 无客户，已转入新市场储备`);
      return;
    }
    shares.push(...shareOut(pool.poolFen, members, stage === 'incubating' ? incubatingBasis(members, input.medianIncubatingFen) : null));
  });
  return { pools, shares, reserveFromPools, notes };
}

function checkAssignments(assignments: Record<number, number>, reps: RepInput[]): string | null {
  for (const [id, fen] of Object.entries(assignments)) {
    if (!reps.some((r) => String(r.id) === id)) return `储备分配给了不在名单中的销售（${id}）`;
    if (!Number.isSafeInteger(fen) || fen < 0) return '储备分配金额须为非负整数（分）';
  }
  return null;
}

/** `own` are the rep's customers' shares. */
function buildRep(r: RepInput, own: CustomerShare[], reserveFen: number, oldWayFen: number, weights: StageWeights): RepTarget {
  const stageCounts = Object.fromEntries(STAGES.map((s) => [s, own.filter((c) => c.stage === s).length])) as Record<Stage, number>;
  const customerFen = own.reduce((a, s) => a + s.shareFen, 0);
  const rep: RepTarget = {
    repId: r.id,
    name: r.name,
    stageCounts,
    customerFen,
    reserveFen,
    adjustFen: 0,
    targetFen: customerFen + reserveFen,
    oldWayFen,
    diffFen: 0,
    noHistory: r.lastYearFen <= 0,
    reason: '',
  };
  return withReason(rep, weights);
}

/** Recomputes the derived fields (target, difference to the old way, reason) of a rep row. */
function withReason(rep: RepTarget, weights: StageWeights): RepTarget {
  const targetFen = rep.customerFen + rep.reserveFen + rep.adjustFen;
  const diffFen = targetFen - rep.oldWayFen;
  const pools = STAGES.filter((s) => rep.stageCounts[s] > 0).map(
    (s) => `${rep.stageCounts[s]} 家${STAGE_SHORT[s]}客户从 ${toBp(weights[s]) / 100}% ${STAGE_SHORT[s]}池分配`,
  );
  const parts = [pools.length > 0 ? `${pools.join('、')}，不按去年业绩` : '名下暂无阶段客户'];
  if (rep.reserveFen > 0) parts.push(`另分得新市场储备 ${formatFen(rep.reserveFen)}`);
  if (rep.adjustFen !== 0) parts.push(`主管调整 ${rep.adjustFen > 0 ? '+' : '-'}${formatFen(Math.abs(rep.adjustFen))}`);
  const versus = rep.noHistory
    ? '新人，无历史，不与去年业绩比较'
    : diffFen === 0
      ? '与按去年业绩摊派持平'
      : `比按去年业绩摊派${diffFen > 0 ? '多' : '少'} ${formatFen(Math.abs(diffFen))}`;
  return { ...rep, targetFen, diffFen, reason: `${parts.join('；')}（${versus}）` };
}

/** The manager sets a rep's target by hand; the difference comes from / goes back to the reserve. */
export function adjustRep(split: TargetSplit, repId: number, newTargetFen: number): SplitResult {
  const rep = split.reps.find((r) => r.repId === repId);
  if (!rep) return { ok: false, error: '名单中没有这位销售' };
  if (!Number.isSafeInteger(newTargetFen) || newTargetFen < 0) return { ok: false, error: '目标金额须为非负整数（分）' };
  const delta = newTargetFen - rep.targetFen;
  if (delta > split.reserveFen) {
    return { ok: false, error: `新市场储备只剩 ${formatFen(split.reserveFen)}，不足以再加 ${formatFen(delta)}` };
  }
  const reps = split.reps.map((r) => (r.repId === repId ? withReason({ ...r, adjustFen: r.adjustFen + delta }, split.weightsPct) : r));
  return { ok: true, split: { ...split, reps, reserveFen: split.reserveFen - delta } };
}
