import { card, text, type Colour } from '../core/reply.js';
import { gridCell, type HeatColour, type HeatGridCell } from '../domain/heat.js';
import { STAGES, STAGE_SHORT } from '../domain/stages.js';
import { heatOf, type RegionHeat } from '../method/metrics/region-metrics.js';
import { loadWindowFor, type RegionWindow } from '../method/metrics/region-window.js';
import type { Services } from '../services.js';
import type { Command } from './types.js';

// /热力图: each customer green/yellow/red (src/domain/heat.ts), as a rep x stage grid of counts.
// Reps are rows so the card stays narrow on a phone; the cell colour is the worst in the cell.

const WORD: Record<HeatColour, string> = { green: '绿', yellow: '黄', red: '红' };
const RULE = '绿=无逾期；黄=1 项逾期不超过 14 天；红=2 项以上逾期、逾期超过 14 天，或衰退型客户 30 天无动作包动作';

function cellText(cell: HeatGridCell | null): string {
  if (!cell) return '—';
  return (['green', 'yellow', 'red'] as const).filter((c) => cell[c] > 0).map((c) => `${WORD[c]}${cell[c]}`).join(' ');
}

function cellColour(cell: HeatGridCell | null): Colour | null {
  if (!cell) return null;
  return cell.red > 0 ? 'red' : cell.yellow > 0 ? 'yellow' : 'green';
}

function grid(data: RegionWindow, heat: RegionHeat) {
  const reps = data.reps.filter((r) => heat.grid.repIds.includes(r.id));
  const rows = reps.map((r) => [r.name, ...STAGES.map((s) => cellText(gridCell(heat.grid, s, r.id)))]);
  const colours = reps.map((r) => [null, ...STAGES.map((s) => cellColour(gridCell(heat.grid, s, r.id)))]);
  return { columns: ['销售', ...STAGES.map((s) => STAGE_SHORT[s])], rows, colours };
}

/** Red first, then yellow; each with its reason, so the manager knows whom to call. */
function hotList(services: Services, data: RegionWindow, heat: RegionHeat, max = 8): string[] {
  const owner = new Map(data.members.map((m) => [m.id, m.name]));
  const hot = data.customers
    .map((c) => ({ c, h: heat.byCustomer.get(c.id)! }))
    .filter((x) => x.h.colour !== 'green')
    .sort((a, b) => Number(b.h.colour === 'red') - Number(a.h.colour === 'red') || b.h.maxOverdueDays - a.h.maxOverdueDays);
  const name = services.repos.customers.namesOf(hot.slice(0, max).map(({ c }) => c.id));
  const lines = hot.slice(0, max).map(({ c, h }) => `${h.colour === 'red' ? '🔴' : '🟡'} ${name.get(c.id) ?? ''}（${owner.get(c.ownerId) ?? ''}，${STAGE_SHORT[c.stage]}）：${h.reason}`);
  if (hot.length > max) lines.push(`……另有 ${hot.length - max} 家`);
  // Lateness stays visible after a late log turned the customer green (docs/numbers.md, "A late log").
  const late = data.customers.filter((c) => heat.byCustomer.get(c.id)!.late > 0).slice(0, max);
  const lateName = services.repos.customers.namesOf(late.map((c) => c.id));
  if (late.length > 0) lines.push(`逾期后补做（近 30 天）：${late.map((c) => `${lateName.get(c.id) ?? ''} ${heat.byCustomer.get(c.id)!.late} 项`).join('、')}`);
  return lines;
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
    const { green, yellow, red } = heat.counts;
    return card({
      title: `${member.role === 'rep' ? `${member.name} · 我的客户热力图` : `${data.region.name} · 客户热力图`}（${services.today()}）`,
      colour: red > 0 ? 'red' : yellow > 0 ? 'yellow' : 'green',
      lines: [`绿 ${green} · 黄 ${yellow} · 红 ${red}（共 ${data.customers.length} 家）`, ...hotList(services, data, heat)],
      table: grid(data, heat),
      note: `${RULE}。${member.role === 'rep' ? '你只能看到自己名下的客户。' : ''}`,
    });
  },
};
