import { card, text, type Button, type Colour, type Reply } from '../core/reply.js';
import { percent } from '../domain/completion.js';
import { EFFECT_MIN } from '../domain/forecast.js';
import { formatFen } from '../domain/money.js';
import type { Member } from '../db/repos/members.repo.js';
import type { Services } from '../services.js';
import { cachedCalibration } from '../method/metrics/region-backtest.js';
import { regionIdOf } from '../method/metrics/region-data.js';
import { loadReceivables } from '../method/metrics/receivables.js';
import { forecastOf, type RegionForecastResult } from '../method/metrics/region-metrics.js';
import { loadRegionWindow, scopeWindow, type RegionWindow } from '../method/metrics/region-window.js';
import type { ActionHandler, Command } from './types.js';

// /预测: the 90-day collections forecast (src/domain/forecast.ts). A manager sees the region, a
// rep their own customers; both with the region's calibration (effects and backtested band).

// `full` is the region's window, `data` what the member may see; `names` and `owners` cover the
// customers the card lists (contributors and risks), looked up once.
interface View { full: RegionWindow; data: RegionWindow; result: RegionForecastResult; names: Map<number, string>; owners: Map<number, string> }

function view(services: Services, member: Member): View | string {
  const regionId = regionIdOf(services, member);
  const today = services.today();
  const full = regionId === null ? null : loadRegionWindow(services, regionId, today);
  if (!full || regionId === null) return '你还没有归属的区域，请联系管理员把你加入一个区域。';
  const data = scopeWindow(full, member);
  const result = forecastOf(data, cachedCalibration(services, regionId, today), undefined, loadReceivables(services, regionId, full.customers, today));
  const listed = new Set([...result.region.contributors.map((c) => c.customerId), ...result.region.risks.map((r) => r.customerId)]);
  const memberName = new Map(full.members.map((m) => [m.id, m.name]));
  const owners = new Map(data.customers.filter((c) => listed.has(c.id)).map((c) => [c.id, memberName.get(c.ownerId) ?? '']));
  return { full, data, result, names: services.repos.customers.namesOf(listed), owners };
}

export function effectsLine(r: RegionForecastResult): string {
  const e = r.effects;
  const sizes = `高质量技术交流 +${(e.highQuality * 100).toFixed(1)}%，普通拜访 +${(e.ordinary * 100).toFixed(1)}%（完成全部 vs 一件不做）`;
  if (e.source === 'team') return `效果系数：按本团队历史重新估计（${e.quarters} 个季度、${e.n} 个客户季度）：${sizes}`;
  return `效果系数：文章默认值（${sizes}）；本团队历史还不够（需至少 ${EFFECT_MIN.quarters} 个季度、${EFFECT_MIN.customerQuarters} 个客户季度，现有 ${e.quarters} 个季度、${e.n} 个）`;
}

export function bandLine(r: RegionForecastResult): string {
  const b = r.region.band;
  const why = b.basis === 'backtest' ? `按 ${r.backtestQuarters} 个季度回测误差 MAPE ${percent(b.ratio)}` : `默认 ±${percent(b.ratio)}，还没有可回测的完整季度`;
  return `区间 ${formatFen(b.lowFen)} – ${formatFen(b.highFen)}（${why}）`;
}

function table(v: View) {
  const { names: name, owners: owner } = v;
  const rows: string[][] = [];
  const colours: (Colour | null)[][] = [];
  for (const c of v.result.region.contributors) {
    rows.push(['贡献', name.get(c.customerId) ?? '', owner.get(c.customerId) ?? '', formatFen(c.totalFen), `占 ${percent(c.share)}`]);
    colours.push([null, null, null, 'green', null]);
  }
  for (const r of v.result.region.risks) {
    const f = v.result.forecasts.find((x) => x.customerId === r.customerId)!;
    rows.push(['风险', name.get(r.customerId) ?? '', owner.get(r.customerId) ?? '', formatFen(f.totalFen), r.reason.replace(/(\d+) 元/, (_, y: string) => formatFen(Number(y) * 100))]);
    colours.push([r.red ? 'red' : 'orange', null, null, null, null]);
  }
  return { columns: ['类别', '客户', '销售', '预计回款', '说明'], rows, colours };
}

function buttons(v: View): Button[] {
  const ids = [...new Set([...v.result.region.contributors.map((c) => c.customerId), ...v.result.region.risks.map((r) => r.customerId)])];
  return ids.map((id) => ({ label: `${v.names.get(id) ?? id} 明细`, action: 'forecast.parts', value: { customerId: String(id) } }));
}

export const forecastCommand: Command = {
  name: 'forecast',
  aliases: ['预测', '回款预测'],
  summary: '未来 90 天回款预测：总额、区间、最大贡献和最大风险',
  examples: ['/预测'],
  run({ services, member }) {
    const v = view(services, member);
    if (typeof v === 'string') return text(v);
    if (v.data.customers.length === 0) return text(member.role === 'rep' ? '你名下还没有客户。' : '本区域还没有客户。');
    const who = member.role === 'rep' ? `${member.name} · 我的客户` : v.full.region.name;
    return card({
      title: `${who} · 未来 90 天回款预测`,
      colour: 'blue',
      lines: [`预计回款 ${formatFen(v.result.region.totalFen)}（${v.data.customers.length} 家客户，自 ${v.result.asOf} 起）`, bandLine(v.result), effectsLine(v.result)],
      table: table(v),
      buttons: buttons(v),
      note: '预测 = 应收（已下单未回款 × 按本团队回款周期在 90 天内收回的概率）+ 新订单（去年同期与近一年订单 × 动作完成系数）；没有订单记录的客户按历史回款 × 阶段系数 × 动作完成系数。点客户按钮看每个数字的组成。',
    });
  },
};

export function partsReply(services: Services, member: Member, customerId: number): Reply {
  const customer = services.repos.customers.byId(customerId);
  if (!customer) return text('没有找到这家客户。');
  const mayView = member.role === 'admin' || (member.role === 'manager' ? customer.regionId === member.regionId : customer.ownerId === member.id);
  if (!mayView) return text('你只能查看自己名下客户的预测明细。');
  const v = view(services, { ...member, role: 'manager', regionId: customer.regionId });
  if (typeof v === 'string') return text(v);
  const f = v.result.forecasts.find((x) => x.customerId === customerId)!;
  return card({
    title: `${customer.name} · 预测明细`,
    colour: 'blue',
    lines: [effectsLine(v.result)],
    fields: f.parts.map((p) => ({ label: p.label, value: 'fen' in p ? formatFen(p.fen) : `× ${p.factor.toFixed(2)}` })),
    note: '系数 × 1.00 表示不增不减；动作完成系数 = 1 + 效果 × (完成率 − 基准完成率)。',
  });
}

export const forecastPartsAction: ActionHandler = {
  action: 'forecast.parts',
  run({ services, event, member }) {
    const id = Number(event.value.customerId);
    return Number.isInteger(id) && id > 0 ? partsReply(services, member, id) : text('这个按钮已失效，请重新发送 /预测。');
  },
};
