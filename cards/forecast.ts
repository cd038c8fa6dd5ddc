import { type Button, type CardReply, type Colour, card } from '../src/core/reply.js';
import { percent } from '../src/domain/completion.js';
import { EFFECT_MIN, type EffectEstimate, type ForecastPart, type RegionForecast } from '../src/domain/forecast.js';
import { formatFen } from '../src/domain/money.js';

// /预测: the 90-day collections forecast (src/domain/forecast.ts) with its band and calibration, the
// biggest contributors and risks; and the 明细 card of one customer (each factor of its number).

/** The parts of a region forecast result the cards word (src/method/metrics/region-metrics.ts). */
export interface ForecastFigures {
  asOf: string;
  region: RegionForecast;
  effects: EffectEstimate;
  backtestQuarters: number;
}

export function effectsLine(r: Pick<ForecastFigures, 'effects'>): string {
  const e = r.effects;
  const sizes = `高质量技术交流 +${(e.highQuality * 100).toFixed(1)}%，普通拜访 +${(e.ordinary * 100).toFixed(1)}%（完成全部 vs 一件不做）`;
  if (e.source === 'team') return `效果系数：按本团队历史重新估计（${e.quarters} 个季度、${e.n} 个客户季度）：${sizes}`;
  return `效果系数：文章默认值（${sizes}）；本团队历史还不够（需至少 ${EFFECT_MIN.quarters} 个季度、${EFFECT_MIN.customerQuarters} 个客户季度，现有 ${e.quarters} 个季度、${e.n} 个）`;
}

export function bandLine(r: ForecastFigures): string {
  const b = r.region.band;
  const why =
    b.basis === 'backtest'
      ? `按 ${r.backtestQuarters} 个季度回测误差 MAPE ${percent(b.ratio)}`
      : `默认 ±${percent(b.ratio)}，还没有可回测的完整季度`;
  return `区间 ${formatFen(b.lowFen)} – ${formatFen(b.highFen)}（${why}）`;
}

export interface ForecastRow {
  customerId: number;
  name: string;
  owner: string;
  totalFen: number;
}

export interface ForecastCardData {
  /** '华东区', or '小李 · 我的客户' for a rep. */
  who: string;
  customers: number;
  result: ForecastFigures;
  contributors: Array<ForecastRow & { share: number }>;
  risks: Array<ForecastRow & { reason: string; red: boolean }>;
  /** No calibration of this quarter is stored yet: the figures use the article's defaults while the worker computes it. */
  calibrating?: boolean;
}

export const CALIBRATING_LINE = '按文章默认参数估算，本季校准计算中（完成后再发 /预测 即按本团队历史校准）';

function table(d: ForecastCardData) {
  const rows: string[][] = [];
  const colours: (Colour | null)[][] = [];
  for (const c of d.contributors) {
    rows.push(['贡献', c.name, c.owner, formatFen(c.totalFen), `占 ${percent(c.share)}`]);
    colours.push([null, null, null, 'green', null]);
  }
  for (const r of d.risks) {
    rows.push(['风险', r.name, r.owner, formatFen(r.totalFen), r.reason.replace(/(\d+) 元/, (_, y: string) => formatFen(Number(y) * 100))]);
    colours.push([r.red ? 'red' : 'orange', null, null, null, null]);
  }
  return { columns: ['类别', '客户', '销售', '预计回款', '说明'], rows, colours };
}

function buttons(d: ForecastCardData): Button[] {
  const seen = new Map<number, string>();
  for (const r of [...d.contributors, ...d.risks]) if (!seen.has(r.customerId)) seen.set(r.customerId, r.name);
  return [...seen].map(([id, name]) => ({ label: `${name || id} 明细`, action: 'forecast.parts', value: { customerId: String(id) } }));
}

export function forecastCard(d: ForecastCardData): CardReply {
  return card({
    title: `${d.who} · 未来 90 天回款预测`,
    colour: 'blue',
    headline: { label: '预计回款', value: formatFen(d.result.region.totalFen) },
    lines: [
      // The total is the headline; this line says only what it covers.
      `${d.customers} 家客户，自 ${d.result.asOf} 起`,
      bandLine(d.result),
      effectsLine(d.result),
      ...(d.calibrating ? [CALIBRATING_LINE] : []),
    ],
    table: table(d),
    buttons: buttons(d),
    note: '预测 = 应收（已下单未回款 × 按本团队回款周期在 90 天内收回的概率）+ 新订单（去年同期与近一年订单 × 动作完成系数）；没有订单记录的客户按历史回款 × 阶段系数 × 动作完成系数。点客户按钮看每个数字的组成。',
    more: '点「明细」或发送 /看板 查看全部',
  });
}

export function forecastPartsCard(customer: string, result: Pick<ForecastFigures, 'effects'>, parts: ForecastPart[]): CardReply {
  return card({
    title: `${customer} · 预测明细`,
    colour: 'blue',
    lines: [effectsLine(result)],
    fields: parts.map((p) => ({ label: p.label, value: 'fen' in p ? formatFen(p.fen) : `× ${p.factor.toFixed(2)}` })),
    note: '系数 × 1.00 表示不增不减；动作完成系数 = 1 + 效果 × (完成率 − 基准完成率)。',
  });
}
