import { type LocalDate, quarterEnd, quarterOf, quarterStart, shiftQuarter } from './dates.js';
import { formatFen } from './money.js';
import { STAGE_LABELS, type Stage } from './stages.js';
import type { OrderRow } from './types.js';

// Suggests a customer's stage from its order history (docs/method.md step 1). The suggestion is only
// an input to dual confirmation; the rep and the manager decide the effective stage.
//
// The article's rule is "two quarters of growth above 15%". Single quarters of a B2B customer that
// places one to six orders a quarter swing by half either way, so the comparison is smoothed: the
// last `quarters` complete quarters together against the same quarters a year earlier (the
// half-year, by default), and the trailing four complete quarters against the four before. Both
// must be above +threshold for 成长型 (below -threshold for 衰退型). With fewer than MIN_EVIDENCE
// purchase dates over those eight quarters, or none in either year, it says 「证据不足」 with the
// numbers and keeps the current stage instead of guessing.

export interface SuggestConfig {
  /** Growth above +threshold → growing; below −threshold → declining. */
  threshold: number;
  /** Quarters in the recent period compared year on year (also the length of the "no order" silence). */
  quarters: number;
}

export const DEFAULT_SUGGEST_CONFIG: SuggestConfig = { threshold: 0.15, quarters: 2 };

/** Purchase dates needed over the eight quarters compared, and in each of the two years. */
export const MIN_EVIDENCE = { dates: 6, perYear: 2 };

export interface QuarterGrowth {
  quarter: string;
  basis: 'yoy' | 'qoq';
  /** null when neither the same quarter last year nor the previous quarter had purchases. */
  rate: number | null;
}

export interface Comparison {
  from: string;
  to: string;
  fen: number;
  baseFrom: string;
  baseTo: string;
  baseFen: number;
  rate: number | null;
}

export interface StageSuggestion {
  stage: Stage;
  evidence: string;
  /** Single-quarter growth, for reference (the verdict reads the smoothed comparisons). */
  growth: QuarterGrowth[];
  /** Set when there was too little to compare: the stage is the current one, not a finding. */
  insufficient?: boolean;
  recent?: Comparison;
  year?: Comparison;
}

const COUNT_WORDS = ['零', '一', '两', '三', '四', '五', '六', '七', '八', '九', '十'];
const countWord = (n: number) => COUNT_WORDS[n] ?? String(n);

/**
 * `orders` are one customer's rows; rows after asOf and non-positive rows (corrections) are ignored.
 * `current` is the stage kept when the evidence is insufficient (stable when not given).
 */
export function suggestStage(
  orders: OrderRow[],
  asOf: LocalDate,
  config: Partial<SuggestConfig> = {},
  current: Stage = 'stable',
): StageSuggestion {
  const cfg = { ...DEFAULT_SUGGEST_CONFIG, ...config };
  cfg.quarters = Math.max(1, Math.floor(cfg.quarters));
  const rows = orders.filter((o) => o.date <= asOf && o.amountFen > 0);
  // A first purchase is often invoiced as several rows on one day: purchases are distinct dates.
  const purchaseDates = [...new Set(rows.map((o) => o.date))].sort();
  const now = quarterOf(asOf);
  const totals = quarterTotals(rows);
  const growth = Array.from({ length: cfg.quarters }, (_, i) => growthOf(shiftQuarter(now, i - cfg.quarters), totals));
  const label = (s: Stage) => STAGE_LABELS[s];

  if (purchaseDates.length === 0) return { stage: 'incubating', evidence: `暂无订单记录 → ${label('incubating')}`, growth };
  if (purchaseDates.length === 1)
    return { stage: 'incubating', evidence: `仅首单 ${purchaseDates[0]}，尚未复购 → ${label('incubating')}`, growth };
  const yearFrom = shiftQuarter(now, -4);
  if (purchaseDates[0]! >= quarterStart(yearFrom)) {
    return {
      stage: 'incubating',
      evidence: `首单 ${purchaseDates[0]}，不满四个完整季度（${purchaseDates.length} 笔），尚无同比 → ${label('incubating')}`,
      growth,
    };
  }

  const silence = silenceVerdict(purchaseDates, now, asOf, cfg.quarters);
  if (silence === 'declining') {
    return {
      stage: 'declining',
      evidence: `连续${countWord(cfg.quarters)}个完整季度无订单（此前 ${purchaseDates.length} 笔） → ${label('declining')}`,
      growth,
    };
  }
  if (silence === 'seasonal') {
    return {
      stage: 'stable',
      evidence: `近${countWord(cfg.quarters)}个完整季度无订单，但去年同期同样无订单（季节性采购） → ${label('stable')}`,
      growth,
    };
  }

  const recent = compare(rows, shiftQuarter(now, -cfg.quarters), shiftQuarter(now, -1));
  const year = compare(rows, yearFrom, shiftQuarter(now, -1));
  const inYear = (from: string, to: string) => purchaseDates.filter((d) => d >= quarterStart(from) && d <= quarterEnd(to)).length;
  const n1 = inYear(yearFrom, shiftQuarter(now, -1));
  const n0 = inYear(shiftQuarter(now, -8), shiftQuarter(now, -5));
  const yearLine = `近四季度（${year.from}~${year.to}）${n1} 笔 ${formatFen(year.fen)}，前四季度（${year.baseFrom}~${year.baseTo}）${n0} 笔 ${formatFen(year.baseFen)}`;
  if (n0 + n1 < MIN_EVIDENCE.dates || n0 < MIN_EVIDENCE.perYear || n1 < MIN_EVIDENCE.perYear) {
    const need = `至少 ${MIN_EVIDENCE.dates} 笔且每年 ${MIN_EVIDENCE.perYear} 笔才比较`;
    return { stage: current, insufficient: true, evidence: `证据不足：${yearLine}；${need} → 维持${label(current)}`, growth, recent, year };
  }
  const t = cfg.threshold;
  const recentLine = `近${countWord(cfg.quarters)}季度（${recent.from}~${recent.to}）${formatFen(recent.fen)}，去年同期 ${formatFen(recent.baseFen)}，同比 ${fmt(recent.rate)}`;
  const basis = `${recentLine}；${yearLine}，同比 ${fmt(year.rate)}（依据：连续两季度增长 >${Math.round(t * 100)}%，按两季度合计与四季度合计同比，平滑单季波动）`;
  const both = (ok: (r: number) => boolean) => year.rate !== null && ok(year.rate) && (recent.rate === null || ok(recent.rate));
  if (both((r) => r > t)) return { stage: 'growing', evidence: `${basis} → ${label('growing')}`, growth, recent, year };
  if (both((r) => r < -t)) return { stage: 'declining', evidence: `${basis} → ${label('declining')}`, growth, recent, year };
  return { stage: 'stable', evidence: `${basis}，未同时超出 ±${Math.round(t * 100)}% → ${label('stable')}`, growth, recent, year };
}

/** The quarters [from, to] against the same quarters a year earlier. */
function compare(rows: OrderRow[], from: string, to: string): Comparison {
  const sum = (a: string, b: string) =>
    rows.reduce((s, o) => (o.date >= quarterStart(a) && o.date <= quarterEnd(b) ? s + o.amountFen : s), 0);
  const baseFrom = shiftQuarter(from, -4);
  const baseTo = shiftQuarter(to, -4);
  const fen = sum(from, to);
  const baseFen = sum(baseFrom, baseTo);
  return { from, to, fen, baseFrom, baseTo, baseFen, rate: baseFen > 0 ? ratio(fen, baseFen) : null };
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

function fmt(r: number | null): string {
  if (r === null) return '无可比数据';
  const pct = Math.round(r * 100);
  return pct > 0 ? `+${pct}%` : `${pct}%`;
}

/**
 * The "no order for N full quarters after at least two earlier orders" rule. A customer whose
 * silence repeats the same quarters a year earlier (a fixed Q2 tender) is seasonal, not declining;
 * a silence of a whole year or more is never seasonal.
 */
function silenceVerdict(dates: LocalDate[], current: string, asOf: LocalDate, n: number): 'declining' | 'seasonal' | null {
  const silentFrom = quarterStart(shiftQuarter(current, -n));
  if (dates.some((d) => d >= silentFrom && d <= asOf)) return null;
  if (dates.filter((d) => d < silentFrom).length < 2) return null;
  if (n >= 4) return 'declining';
  const within = (from: string, to: string) => dates.some((d) => d >= quarterStart(from) && d <= quarterEnd(to));
  const yearAgoFrom = shiftQuarter(current, -n - 4);
  const yearAgoSilent = !within(yearAgoFrom, shiftQuarter(current, -5));
  const customerThen = dates[0]! < quarterStart(yearAgoFrom);
  const boughtThisYear = within(shiftQuarter(current, -4), shiftQuarter(current, -1));
  return yearAgoSilent && customerThen && boughtThisYear ? 'seasonal' : 'declining';
}
