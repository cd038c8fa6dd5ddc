import { quarterOf, quarterStart, quarterEnd, shiftQuarter, type LocalDate } from './dates.js';
import { STAGE_LABELS, type Stage } from './stages.js';
import type { OrderRow } from './types.js';

// Suggests a customer's stage from its order history (docs/method.md step 1). The suggestion is only
// an input to dual confirmation; the rep and the manager decide the effective stage.

export interface SuggestConfig {
  /** Growth above +threshold in every quarter → growing; below −threshold in every one → declining. */
  threshold: number;
  /** How many complete quarters are looked at (also the length of the "no order" silence). */
  quarters: number;
}

export const DEFAULT_SUGGEST_CONFIG: SuggestConfig = { threshold: 0.15, quarters: 2 };

export interface QuarterGrowth {
  quarter: string;
  basis: 'yoy' | 'qoq';
  /** null when neither the same quarter last year nor the previous quarter had purchases. */
  rate: number | null;
}

export interface StageSuggestion {
  stage: Stage;
  evidence: string;
  growth: QuarterGrowth[];
}

const COUNT_WORDS = ['零', '一', '两', '三', '四', '五', '六', '七', '八', '九', '十'];
const countWord = (n: number) => COUNT_WORDS[n] ?? String(n);

/** `orders` are one customer's rows; rows after asOf and non-positive rows (corrections) are ignored. */
export function suggestStage(
  orders: OrderRow[],
  asOf: LocalDate,
  config: Partial<SuggestConfig> = {},
): StageSuggestion {
  const cfg = { ...DEFAULT_SUGGEST_CONFIG, ...config };
  // At least one quarter: with none, "every quarter grew" would be vacuously true.
  cfg.quarters = Math.max(1, Math.floor(cfg.quarters));
  const rows = orders.filter((o) => o.date <= asOf && o.amountFen > 0);
  // A first purchase is often invoiced as several rows on one day: purchases are distinct dates.
  const purchaseDates = [...new Set(rows.map((o) => o.date))].sort();
  const current = quarterOf(asOf);
  const quarters = Array.from({ length: cfg.quarters }, (_, i) => shiftQuarter(current, i - cfg.quarters));
  const totals = quarterTotals(rows);
  const growth = quarters.map((q) => growthOf(q, totals));
  const label = (s: Stage) => STAGE_LABELS[s];

  if (purchaseDates.length === 0) return { stage: 'incubating', evidence: `暂无订单记录 → ${label('incubating')}`, growth };
  if (purchaseDates.length === 1) {
    return { stage: 'incubating', evidence: `仅首单 ${purchaseDates[0]}，尚未复购 → ${label('incubating')}`, growth };
  }

  const silence = silenceVerdict(purchaseDates, current, asOf, cfg.quarters);
  if (silence === 'declining') {
    const before = purchaseDates.length;
    const evidence = `连续${countWord(cfg.quarters)}个完整季度无订单（此前 ${before} 笔） → ${label('declining')}`;
    return { stage: 'declining', evidence, growth };
  }
  if (silence === 'seasonal') {
    const evidence = `近${countWord(cfg.quarters)}个完整季度无订单，但去年同期同样无订单（季节性采购） → ${label('stable')}`;
    return { stage: 'stable', evidence, growth };
  }

  const rates = growth.map((g) => g.rate);
  const described = `近${countWord(cfg.quarters)}季度${describeGrowth(growth)}`;
  if (rates.every((r) => r !== null && r > cfg.threshold)) {
    return { stage: 'growing', evidence: `${described} → ${label('growing')}`, growth };
  }
  if (rates.every((r) => r !== null && r < -cfg.threshold)) {
    return { stage: 'declining', evidence: `${described} → ${label('declining')}`, growth };
  }
  const pct = Math.round(cfg.threshold * 100);
  const why = rates.some((r) => r === null) ? '缺少可比数据' : `未连续超出 ±${pct}%`;
  return { stage: 'stable', evidence: `${described}，${why} → ${label('stable')}`, growth };
}

function quarterTotals(rows: OrderRow[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const o of rows) {
    const q = quarterOf(o.date);
    totals.set(q, (totals.get(q) ?? 0) + o.amountFen);
  }
  return totals;
}

/** 同比 when the same quarter last year had purchases, else 环比 (seasonal B2B buying, docs/method.md). */
function growthOf(quarter: string, totals: Map<string, number>): QuarterGrowth {
  const amount = totals.get(quarter) ?? 0;
  const lastYear = totals.get(shiftQuarter(quarter, -4)) ?? 0;
  if (lastYear > 0) return { quarter, basis: 'yoy', rate: ratio(amount, lastYear) };
  const previous = totals.get(shiftQuarter(quarter, -1)) ?? 0;
  return { quarter, basis: 'qoq', rate: previous > 0 ? ratio(amount, previous) : null };
}

// Divide first, then subtract: a correctly rounded quotient of two exact integers does not change
// when both are scaled by the same integer factor, so the verdict is scale-invariant.
const ratio = (amount: number, base: number) => amount / base - 1;

/**
 * The "no order for N full quarters after at least two earlier orders" rule. A customer whose
 * silence repeats the same quarters a year earlier (a fixed Q2 tender) is seasonal, not declining;
 * a silence of a whole year or more is never seasonal.
 */
function silenceVerdict(
  dates: LocalDate[], current: string, asOf: LocalDate, n: number,
): 'declining' | 'seasonal' | null {
  const silentFrom = quarterStart(shiftQuarter(current, -n));
  if (dates.some((d) => d >= silentFrom && d <= asOf)) return null;
  if (dates.filter((d) => d < silentFrom).length < 2) return null;
  if (n >= 4) return 'declining';
  const within = (from: string, to: string) =>
    dates.some((d) => d >= quarterStart(from) && d <= quarterEnd(to));
  const yearAgoFrom = shiftQuarter(current, -n - 4);
  const yearAgoSilent = !within(yearAgoFrom, shiftQuarter(current, -5));
  const customerThen = dates[0]! < quarterStart(yearAgoFrom);
  const boughtThisYear = within(shiftQuarter(current, -4), shiftQuarter(current, -1));
  return yearAgoSilent && customerThen && boughtThisYear ? 'seasonal' : 'declining';
}

function describeGrowth(growth: QuarterGrowth[]): string {
  const basisWord = { yoy: '同比', qoq: '环比' } as const;
  const fmt = (r: number | null) => {
    if (r === null) return '无可比数据';
    const pct = Math.round(r * 100);
    return pct > 0 ? `+${pct}%` : `${pct}%`;
  };
  const bases = new Set(growth.map((g) => g.basis));
  if (bases.size === 1) {
    return `${basisWord[growth[0]?.basis ?? 'yoy']} ${growth.map((g) => fmt(g.rate)).join('、')}`;
  }
  return ` ${growth.map((g) => `${g.quarter} ${basisWord[g.basis]} ${fmt(g.rate)}`).join('、')}`;
}
