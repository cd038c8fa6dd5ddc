import { type ForecastCardData, forecastCard, forecastPartsCard } from '../../cards/forecast.js';
import { type Reply, text } from '../core/reply.js';
import type { Member } from '../db/repos/members.repo.js';
import { loadReceivables } from '../method/metrics/receivables.js';
import { calibrationFor } from '../method/metrics/region-backtest.js';
import { regionIdOf } from '../method/metrics/region-data.js';
import { forecastOf, type RegionForecastResult } from '../method/metrics/region-metrics.js';
import { loadRegionWindow, type RegionWindow, scopeWindow } from '../method/metrics/region-window.js';
import type { Services } from '../services.js';
import type { ActionHandler, Command } from './types.js';

// /预测: the 90-day collections forecast (src/domain/forecast.ts). A manager sees the region, a
// rep their own customers; both with the region's calibration (effects and backtested band).

// `full` is the region's window, `data` what the member may see; `names` and `owners` cover the
// customers the card lists (contributors and risks), looked up once.
interface View {
  full: RegionWindow;
  data: RegionWindow;
  result: RegionForecastResult;
  names: Map<number, string>;
  owners: Map<number, string>;
  /** The region's calibration is being computed in the heavy worker: the defaults are in use. */
  calibrating: boolean;
}

function view(services: Services, member: Member): View | string {
  const regionId = regionIdOf(services, member);
  const today = services.today();
  const full = regionId === null ? null : loadRegionWindow(services, regionId, today);
  if (!full || regionId === null) return '你还没有归属的区域，请联系管理员把你加入一个区域。';
  const data = scopeWindow(full, member);
  // Never replayed here: the stored calibration, or the article's defaults while the worker computes it.
  const { cal, calibrating } = calibrationFor(services, regionId, today);
  const result = forecastOf(data, cal, undefined, loadReceivables(services, regionId, full.customers, today));
  const listed = new Set([...result.region.contributors.map((c) => c.customerId), ...result.region.risks.map((r) => r.customerId)]);
  const memberName = new Map(full.members.map((m) => [m.id, m.name]));
  const owners = new Map(data.customers.filter((c) => listed.has(c.id)).map((c) => [c.id, memberName.get(c.ownerId) ?? '']));
  return { full, data, result, names: services.repos.customers.namesOf(listed), owners, calibrating };
}

function cardData(v: View, who: string): ForecastCardData {
  const name = (id: number) => v.names.get(id) ?? '';
  const owner = (id: number) => v.owners.get(id) ?? '';
  // find, not a Map: a region of 100,000 customers lists three risks.
  const total = (id: number) => v.result.forecasts.find((f) => f.customerId === id)?.totalFen ?? 0;
  return {
    who,
    calibrating: v.calibrating,
    customers: v.data.customers.length,
    result: v.result,
    contributors: v.result.region.contributors.map((c) => ({
      customerId: c.customerId,
      name: name(c.customerId),
      owner: owner(c.customerId),
      totalFen: c.totalFen,
      share: c.share,
    })),
    risks: v.result.region.risks.map((r) => ({
      customerId: r.customerId,
      name: name(r.customerId),
      owner: owner(r.customerId),
      totalFen: total(r.customerId),
      reason: r.reason,
      red: r.red,
    })),
  };
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
    return forecastCard(cardData(v, who));
  },
};

export function partsReply(services: Services, member: Member, customerId: number): Reply {
  const customer = services.repos.customers.byId(customerId);
  if (!customer) return text('没有找到这家客户。');
  const mayView =
    member.role === 'admin' || (member.role === 'manager' ? customer.regionId === member.regionId : customer.ownerId === member.id);
  if (!mayView) return text('你只能查看自己名下客户的预测明细。');
  const v = view(services, { ...member, role: 'manager', regionId: customer.regionId });
  if (typeof v === 'string') return text(v);
  const f = v.result.forecasts.find((x) => x.customerId === customerId)!;
  return forecastPartsCard(customer.name, v.result, f.parts);
}

export const forecastPartsAction: ActionHandler = {
  action: 'forecast.parts',
  run({ services, event, member }) {
    const id = Number(event.value.customerId);
    return Number.isInteger(id) && id > 0 ? partsReply(services, member, id) : text('这个按钮已失效，请重新发送 /预测。');
  },
};
