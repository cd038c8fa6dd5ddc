import type { CustomerForecast, ForecastConfig, ForecastPart } from './forecast.js';
import { STAGE_LABELS, type Stage } from './stages.js';

// A customer forecast's labelled parts (forecast.ts computes the figures): built when read, with
// labels shared per config.

// The labels of one config's forecasts. A region forecasts 100,000 customers with a few stages and
// 101 percentages; building each label once per config instead of once per customer spares
// hundreds of thousands of retained strings (and the garbage collector's time on them).
interface Labels {
  lastYear: string;
  trailing: string;
  mix: string;
  estimated: string;
  none: string;
  total: string;
  stage: Partial<Record<Stage, string>>;
  /** By rounded percentage of the rate, lazily. */
  hq: string[];
  ord: string[];
}
const labelsOf = new WeakMap<ForecastConfig, Labels>();

function labels(cfg: ForecastConfig): Labels {
  let l = labelsOf.get(cfg);
  if (l) return l;
  const h = cfg.horizonDays;
  const w = cfg.lastYearWeight;
  l = {
    lastYear: '去年同期回款',
    trailing: `近 ${h} 天回款`,
    mix: `历史基数（去年同期 ${Math.round(w * 100)}% + 近期 ${Math.round((1 - w) * 100)}%）`,
    estimated: `无历史回款，按基线（无基线时按年度潜力）折算 ${h} 天`,
    none: '无历史回款',
    total: `未来 ${h} 天预计回款`,
    stage: {},
    hq: [],
    ord: [],
  };
  labelsOf.set(cfg, l);
  return l;
}

const pct = (r: number) => `${Math.round(r * 100)}%`;

function rateLabel(cache: string[], name: string, rate: number, ref: number): string {
  const p = Math.round(rate * 100);
  // No closure here: tsx/esbuild wraps each one created (keepNames), per customer.
  if (p >= 0 && p <= 100 && cache[p] !== undefined) return cache[p];
  const text = `${name} ${pct(rate)}（基准 ${pct(ref)}）`;
  if (p >= 0 && p <= 100) cache[p] = text;
  return text;
}

/** What a forecast's parts are built from, with the factors as they were when it was made. */
export interface Terms {
  lastYear: number | null;
  trailing: number | null;
  annual: number;
  stage: Stage;
  stageFactor: number;
  hqRate: number | null;
  hq: number;
  ordRate: number | null;
  ord: number;
}

/**
 * One customer's forecast: the figures, and the terms that explain them. The labelled parts are
 * built when read (a detail view, the dashboard's top 20), not for each of a region's 100,000
 * customers: seven objects per customer were most of the forecast's time and garbage. The terms
 * are private fields, so a copy, a comparison or JSON (toJSON adds the parts) shows the figures.
 */
export class Forecast implements CustomerForecast {
  readonly #terms: Terms;
  readonly #cfg: ForecastConfig;

  constructor(
    readonly customerId: number,
    readonly totalFen: number,
    readonly baseFen: number,
    readonly expectedFen: number,
    terms: Terms,
    cfg: ForecastConfig,
  ) {
    this.#terms = terms;
    this.#cfg = cfg;
  }

  get parts(): ForecastPart[] {
    const t = this.#terms;
    const l = labels(this.#cfg);
    const ref = this.#cfg.referenceRate;
    const parts: ForecastPart[] = [];
    if (t.lastYear !== null) parts.push({ label: l.lastYear, fen: t.lastYear });
    if (t.trailing !== null) parts.push({ label: l.trailing, fen: t.trailing });
    if (t.lastYear !== null && t.trailing !== null) parts.push({ label: l.mix, fen: this.baseFen });
    if (t.lastYear === null && t.trailing === null) parts.push({ label: t.annual > 0 ? l.estimated : l.none, fen: this.baseFen });
    parts.push({ label: (l.stage[t.stage] ??= `阶段系数（${STAGE_LABELS[t.stage]}）`), factor: t.stageFactor });
    if (t.hqRate !== null) parts.push({ label: rateLabel(l.hq, '高质量动作完成率', t.hqRate, ref), factor: t.hq });
    if (t.ordRate !== null) parts.push({ label: rateLabel(l.ord, '普通动作完成率', t.ordRate, ref), factor: t.ord });
    parts.push({ label: l.total, fen: this.totalFen });
    return parts;
  }

  toJSON(): Omit<CustomerForecast, 'parts'> & { parts: ForecastPart[] } {
    return {
      customerId: this.customerId,
      totalFen: this.totalFen,
      baseFen: this.baseFen,
      expectedFen: this.expectedFen,
      parts: this.parts,
    };
  }
}
