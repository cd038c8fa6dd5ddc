import { type LocalDate, quarterEnd, quarterOf, quarterStart, shiftQuarter } from './dates.js';
import { formatFen } from './money.js';
import { fitTrend, type Trend, trailingYears, trendBounds } from './stage-trend.js';
import { STAGE_LABELS, type Stage } from './stages.js';
import type { OrderRow } from './types.js';

// Suggests a customer's stage from its order history (docs/method.md step 1). The suggestion is only
// an input to dual confirmation; the rep and the manager decide the effective stage.
//
// The article's rule is "two quarters of growth above 15%". Single quarters of a B2B customer that
// places one to five orders a quarter swing by half either way, so the comparison is smoothed
// (stage-trend.ts): up to three trailing years of four complete quarters, fitted with a log-linear
// trend, whose standard error follows from the order count. 成长型 needs the yearly growth to clear
// +threshold by one standard error (衰退型: -threshold); an estimate inside ±threshold is 稳定型; an
// estimate outside it but within one standard error, fewer than MIN_ORDERS orders, or fewer than
// two years to compare is 「证据不足」 with the numbers, keeping the current stage instead of guessing.

export interface SuggestConfig {
  /** Yearly growth clear of +threshold by one standard error → growing; of −threshold → declining. */
  threshold: number;
  /** Complete quarters without an order that make a customer 衰退型 (the "no order" silence); the trend reads up to three years. */
  quarters: number;
}

export const DEFAULT_SUGGEST_CONFIG: SuggestConfig = { threshold: 0.15, quarters: 2 };

/** Orders needed over the years compared. */
export const MIN_ORDERS = 6;
/** Standard errors by which growth must clear the threshold (one: the estimate ± its error). */
export const EVIDENCE_Z = 1;

export interface QuarterGrowth {
  quarter: string;
  basis: 'yoy' | 'qoq';
  /** null when neither the same quarter last year nor the previous quarter had purchases. */
  rate: number | null;
}

export interface StageSuggestion {
  stage: Stage;
  evidence: string;
  /** Single-quarter growth, for reference (the verdict reads the smoothed comparisons). */
  growth: QuarterGrowth[];
  /** Set when there was too little to compare: the stage is the current one, not a finding. */
  insufficient?: boolean;
  /** The smoothed year-on-year trend the verdict read, when there were years to compare. */
  trend?: Trend;
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

  return trendVerdict(rows, now, purchaseDates[0]!, cfg.threshold, current, growth);
}

function trendVerdict(rows: OrderRow[], now: string, first: string, t: number, current: Stage, growth: QuarterGrowth[]): StageSuggestion {
  const label = (s: Stage) => STAGE_LABELS[s];
  const years = trailingYears(rows, now, first);
  const trend = fitTrend(years, rows) ?? undefined;
  const line = years
    .map((y) => `${y.from}~${y.to} ${y.orders} 笔 ${formatFen(y.fen)}${y.quarters < 4 ? `（${y.quarters} 个季度）` : ''}`)
    .join('；');
  const keep = `维持${label(current)}`;
  const insufficient = (why: string) => ({
    stage: current,
    insufficient: true,
    evidence: `证据不足：${line}；${why} → ${keep}`,
    growth,
    trend,
  });
  if (!trend) return insufficient('不足两年可比（四个完整季度为一年）');
  if (trend.orders < MIN_ORDERS) return insufficient(`共 ${trend.orders} 笔，至少 ${MIN_ORDERS} 笔才比较`);
  const { low, high } = trendBounds(trend, EVIDENCE_Z);
  const pct = Math.round(t * 100);
  const est = `逐年趋势 ${fmt(trend.growth)}/年（一个标准误：${fmt(low)}~${fmt(high)}，按 ${trend.orders} 笔订单估计）`;
  const basis = `（依据：连续两季度同比增长 >${pct}%；按四个完整季度合计逐年同比并拟合趋势，平滑单季和单笔波动）`;
  const lead = `${line}；${est}`;
  if (low > t) return { stage: 'growing', evidence: `${lead}，高于 +${pct}% → ${label('growing')}${basis}`, growth, trend };
  if (high < -t) return { stage: 'declining', evidence: `${lead}，低于 -${pct}% → ${label('declining')}${basis}`, growth, trend };
  if (trend.growth >= -t && trend.growth <= t)
    return { stage: 'stable', evidence: `${lead}，在 ±${pct}% 之内 → ${label('stable')}${basis}`, growth, trend };
  const side = trend.growth > t ? `高于 +${pct}%` : `低于 -${pct}%`;
  return insufficient(`${est}，${side}但超出不到一个标准误，需更多订单才能判断`);
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
