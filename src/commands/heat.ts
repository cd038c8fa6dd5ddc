import { type HotCustomer, heatCard, type LateCustomer } from '../../cards/heat.js';
import { text } from '../core/reply.js';
import { gridCell } from '../domain/heat.js';
import { STAGES } from '../domain/stages.js';
import { heatOf, type RegionHeat } from '../method/metrics/region-metrics.js';
import { loadWindowFor, type RegionWindow } from '../method/metrics/region-window.js';
import type { Services } from '../services.js';
import type { Command } from './types.js';

// /热力图: each customer green/yellow/red (src/domain/heat.ts), as a rep x stage grid of counts.

const MAX_HOT = 8;

/** Red first, then yellow, the longest overdue first. */
function hotList(services: Services, data: RegionWindow, heat: RegionHeat): { hot: HotCustomer[]; total: number; late: LateCustomer[] } {
  const owner = new Map(data.members.map((m) => [m.id, m.name]));
  const hot = data.customers
    .map((c) => ({ c, h: heat.byCustomer.get(c.id)! }))
    .filter((x) => x.h.colour !== 'green')
    .sort((a, b) => Number(b.h.colour === 'red') - Number(a.h.colour === 'red') || b.h.maxOverdueDays - a.h.maxOverdueDays);
  const name = services.repos.customers.namesOf(hot.slice(0, MAX_HOT).map(({ c }) => c.id));
  // Lateness stays visible after a late log turned the customer green (docs/numbers.md, "A late log").
  const late = data.customers.filter((c) => heat.byCustomer.get(c.id)!.late > 0).slice(0, MAX_HOT);
  const lateName = services.repos.customers.namesOf(late.map((c) => c.id));
  return {
    total: hot.length,
    hot: hot.slice(0, MAX_HOT).map(({ c, h }) => ({
      name: name.get(c.id) ?? '',
      owner: owner.get(c.ownerId) ?? '',
      stage: c.stage,
      colour: h.colour === 'red' ? 'red' : 'yellow',
      reason: h.reason,
    })),
    late: late.map((c) => ({ name: lateName.get(c.id) ?? '', items: heat.byCustomer.get(c.id)!.late })),
  };
}

export const heatCommand: Command = {
  name: 'heat',
  aliases: ['热力图', '热图'],
  summary: '客户热力图：每家客户绿/黄/红，按销售和阶段汇总',
  examples: ['/热力图'],
  run({ services, member }) {
    // The window, not the region's history: heat reads only recent open items (region-window.ts).
    const data = loadWindowFor(services, member);
    if (typeof data === 'string') return text(data);
    if (data.customers.length === 0) return text(member.role === 'rep' ? '你名下还没有客户。' : '本区域还没有客户。');
    const heat = heatOf(data);
    const { hot, total, late } = hotList(services, data, heat);
    const reps = data.reps.filter((r) => heat.grid.repIds.includes(r.id));
    return heatCard({
      scope: member.role === 'rep' ? { kind: 'rep', name: member.name } : { kind: 'region', name: data.region.name },
      today: services.today(),
      counts: heat.counts,
      customers: data.customers.length,
      hot,
      hotTotal: total,
      late,
      grid: reps.map((r) => ({ rep: r.name, cells: STAGES.map((s) => gridCell(heat.grid, s, r.id)) })),
    });
  },
};
