import { addDays, daysBetween, type LocalDate } from './dates.js';
import type { CustomerForecast, ForecastConfig, ForecastPart } from './forecast.js';
import { type LagCurve, OLD_AGE, type OpenReceivable } from './forecast-lags.js';
import { STAGE_LABELS, type Stage } from './stages.js';
import type { OrderRow } from './types.js';

// The collections forecast built on receivables (docs/numbers.md "90-day collections forecast").
// What comes in over the next H days is
//   (1) what is already owed: each open receivable x P(paid within H days | unpaid at its age),
//       read off this team's order-to-collection lag curve (forecast-lags.ts); plus
//   (2) orders not yet placed that are placed and paid inside the window: last year's orders of
//       the same window (seasonality, fixed tenders) moved a year on and scaled by the customer's
//       trend, blended half and half with the trailing year's order rate spread evenly, each
//       order counted by the chance its lag fits in what is left of the window; times the
//       article's activity effects (docs/method.md step 3), which act on new business only.
// A customer with no purchase orders on file keeps the collection-history forecast (forecast.ts).

export interface ReceivablesInput {
  open: OpenReceivable[];
  /** Orders dated in [yearEarlier(asOf), + H - 1]: last year's same window. */
  lastYearOrders: OrderRow[];
  /** Start of last year's window (yearEarlier(asOf)). */
  lastYearFrom: LocalDate;
  /** Whether the customer already bought before last year's window (so its zero there is real). */
  knownLastYear: boolean;
  /** Orders in [asOf - 365, asOf - 1] and in the 365 days before that. */
  trailingYearFen: number;
  /** Days the trailing sum covers: 365, or the days since the first order (at least 90) for a newer customer. */
  trailingDays: number;
  priorYearFen: number;
  /** Days of that earlier year the customer was already buying in (0-365). */
  priorDays: number;
  curve: LagCurve;
}

/** Share of a piece unpaid at `age` days that is paid within the next h days. */
export function paidWithin(curve: LagCurve, age: number, h: number): number {
  const s0 = curve.survival(age - 1);
  // An old piece, or one older than every lag its curve has seen: the region's late rate (forecast-lags.ts), per 90 days.
  if (age >= OLD_AGE || s0 < 1e-9) return 1 - (1 - curve.late) ** (h / 90);
  return Math.max(0, Math.min(1, (s0 - curve.survival(age + h - 1)) / s0));
}

export interface ReceivablesTerms {
  openFen: number;
  receivablesFen: number;
  newOrdersFen: number;
  trend: number;
  stage: Stage;
  hqRate: number | null;
  hq: number;
  ordRate: number | null;
  ord: number;
  curveSource: LagCurve['source'];
}

/** The expected collections within the window from orders not yet placed, before activity factors. */
export function newOrderCollections(
  r: ReceivablesInput,
  h: number,
  stageFactor: number,
  fallbackAnnualFen: number,
): { fen: number; trend: number } {
  const paidBy = (x: number) => 1 - r.curve.survival(x);
  let spread = 0;
  for (let x = 0; x < h; x++) spread += paidBy(x);
  const history = r.trailingYearFen > 0 || r.priorYearFen > 0 || r.knownLastYear;
  if (!history) return { fen: (fallbackAnnualFen / 365) * spread, trend: 1 };
  const flat = (r.trailingYearFen / r.trailingDays) * spread;
  // Without last year's window there is nothing to move a year on: the trailing rate alone.
  if (!r.knownLastYear) return { fen: flat, trend: 1 };
  // Last year's orders move a year on with the customer's own year-on-year trend when it bought
  // through the whole earlier year, else with the stage's factor: a partly covered earlier year made
  // every second-year customer look like it grew (a part-year sum), or shrank (a part-year rate
  // taken in its busy season). The trend is halved in log terms (square root: lumpy orders swing,
  // and a ratio of noisy sums is biased upwards when halved linearly).
  const enough = r.priorYearFen > 0 && r.priorDays >= 365;
  const raw = enough ? r.trailingYearFen / r.trailingDays / (r.priorYearFen / r.priorDays) : stageFactor;
  const trend = Math.min(1.6, Math.max(0.6, Math.sqrt(raw)));
  let seasonal = 0;
  for (const o of r.lastYearOrders) seasonal += o.amountFen * paidBy(h - 1 - daysBetween(r.lastYearFrom, o.date));
  return { fen: 0.5 * seasonal * trend + 0.5 * flat, trend };
}

export function receivablesPart(r: ReceivablesInput, h: number): { openFen: number; fen: number } {
  let openFen = 0;
  let fen = 0;
  for (const o of r.open) {
    openFen += o.fen;
    fen += o.fen * paidWithin(r.curve, o.ageDays, h);
  }
  return { openFen, fen };
}

const CURVE_WORDS: Record<LagCurve['source'], string> = {
  customer: '按该客户历史回款周期',
  stage: '按同阶段客户回款周期',
  region: '按本区域回款周期',
  default: '按默认回款周期（30-120 天）',
};

/** A receivables forecast: the figures, and the parts (「应收 …」「新订单 …」) built when read. */
export class ReceivablesForecast implements CustomerForecast {
  readonly #t: ReceivablesTerms;
  readonly #cfg: ForecastConfig;

  constructor(
    readonly customerId: number,
    readonly totalFen: number,
    readonly baseFen: number,
    readonly expectedFen: number,
    t: ReceivablesTerms,
    cfg: ForecastConfig,
  ) {
    this.#t = t;
    this.#cfg = cfg;
  }

  /** The two parts in 分, for views that show them side by side. */
  get split(): { receivablesFen: number; newOrdersFen: number } {
    return { receivablesFen: Math.round(this.#t.receivablesFen), newOrdersFen: this.totalFen - Math.round(this.#t.receivablesFen) };
  }

  get parts(): ForecastPart[] {
    const t = this.#t;
    const h = this.#cfg.horizonDays;
    const pct = (r: number) => `${Math.round(r * 100)}%`;
    const ref = pct(this.#cfg.referenceRate);
    const parts: ForecastPart[] = [
      { label: '应收余额（已下单未回款）', fen: t.openFen },
      { label: `应收 ${h} 天内预计回款（${CURVE_WORDS[t.curveSource]}）`, fen: Math.round(t.receivablesFen) },
      { label: `新订单 ${h} 天内预计回款（去年同期与近一年订单，${STAGE_LABELS[t.stage]}）`, fen: Math.round(t.newOrdersFen) },
    ];
    if (t.trend !== 1) parts.push({ label: '客户趋势系数（近一年 vs 上一年订单，作用于去年同期部分）', factor: t.trend });
    if (t.hqRate !== null) parts.push({ label: `高质量动作完成率 ${pct(t.hqRate)}（基准 ${ref}，作用于新订单）`, factor: t.hq });
    if (t.ordRate !== null) parts.push({ label: `普通动作完成率 ${pct(t.ordRate)}（基准 ${ref}，作用于新订单）`, factor: t.ord });
    parts.push({ label: `未来 ${h} 天预计回款 = 应收 + 新订单`, fen: this.totalFen });
    return parts;
  }

  toJSON(): Omit<CustomerForecast, 'parts'> & { parts: ForecastPart[]; receivablesFen: number; newOrdersFen: number } {
    return {
      customerId: this.customerId,
      totalFen: this.totalFen,
      baseFen: this.baseFen,
      expectedFen: this.expectedFen,
      parts: this.parts,
      ...this.split,
    };
  }
}

/** The window of last year's orders the seasonal term reads. */
export function lastYearWindow(lyFrom: LocalDate, h: number): { from: LocalDate; to: LocalDate } {
  return { from: lyFrom, to: addDays(lyFrom, h - 1) };
}

/** The receivables input of one customer from its orders and its ledger as of asOf. */
export function receivablesInput(
  purchases: OrderRow[],
  open: OpenReceivable[],
  asOf: LocalDate,
  h: number,
  lyFrom: LocalDate,
  curve: LagCurve,
): ReceivablesInput {
  const ly = lastYearWindow(lyFrom, h);
  const yearAgo = addDays(asOf, -365);
  const twoYearsAgo = addDays(asOf, -730);
  let trailingYearFen = 0;
  let priorYearFen = 0;
  let first: LocalDate | null = null;
  const lastYearOrders: OrderRow[] = [];
  for (const o of purchases) {
    if (o.date >= asOf || o.amountFen <= 0) continue;
    if (first === null || o.date < first) first = o.date;
    if (o.date >= yearAgo) trailingYearFen += o.amountFen;
    else if (o.date >= twoYearsAgo) priorYearFen += o.amountFen;
    if (o.date >= ly.from && o.date <= ly.to) lastYearOrders.push(o);
  }
  // A customer known for less than a year orders at its rate so far, not at that sum spread over a year.
  const trailingDays = first === null ? 365 : Math.min(365, Math.max(90, daysBetween(first, asOf)));
  return {
    open,
    lastYearOrders,
    lastYearFrom: lyFrom,
    knownLastYear: first !== null && first < ly.from,
    trailingYearFen,
    trailingDays,
    priorYearFen,
    priorDays: first === null || first >= yearAgo ? 0 : Math.min(365, daysBetween(first, yearAgo)),
    curve,
  };
}
