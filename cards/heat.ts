import { type CardReply, type Colour, card } from '../src/core/reply.js';
import type { HeatColour, HeatGridCell } from '../src/domain/heat.js';
import { STAGE_SHORT, STAGES, type Stage } from '../src/domain/stages.js';

// /热力图: each customer green/yellow/red (src/domain/heat.ts), as a rep x stage grid of counts.
// Reps are rows so the card stays narrow on a phone; the cell colour is the worst in the cell.

const WORD: Record<HeatColour, string> = { green: '绿', yellow: '黄', red: '红' };
const RULE = '绿=无逾期；黄=1 项逾期不超过 14 天；红=2 项以上逾期、逾期超过 14 天，或衰退型客户 30 天无动作包动作';

/** A customer whose overdue items were done late in the last 30 days (late logs stay visible). */
export interface LateCustomer {
  name: string;
  items: number;
}

export interface HotCustomer {
  name: string;
  owner: string;
  stage: Stage;
  colour: Exclude<HeatColour, 'green'>;
  reason: string;
}

export interface HeatCardData {
  /** '华东区' for a manager, '小李' (own customers) for a rep. */
  scope: { kind: 'region' | 'rep'; name: string };
  today: string;
  counts: Record<HeatColour, number>;
  customers: number;
  /** Red first, then yellow, the worst first; `hotTotal` counts them all when the list is cut. */
  hot: HotCustomer[];
  hotTotal: number;
  late?: LateCustomer[];
  /** One row per rep: the cell of each stage in STAGES order (null: no customer there). */
  grid: Array<{ rep: string; cells: Array<HeatGridCell | null> }>;
}

function cellText(cell: HeatGridCell | null): string {
  if (!cell) return '—';
  return (['green', 'yellow', 'red'] as const)
    .filter((c) => cell[c] > 0)
    .map((c) => `${WORD[c]}${cell[c]}`)
    .join(' ');
}

function cellColour(cell: HeatGridCell | null): Colour | null {
  if (!cell) return null;
  return cell.red > 0 ? 'red' : cell.yellow > 0 ? 'yellow' : 'green';
}

/** The manager knows whom to call: each hot customer with its owner and reason. */
function hotLines(d: HeatCardData): string[] {
  const lines = d.hot.map((h) => `${h.colour === 'red' ? '🔴' : '🟡'} ${h.name}（${h.owner}，${STAGE_SHORT[h.stage]}）：${h.reason}`);
  if (d.hotTotal > d.hot.length) lines.push(`……另有 ${d.hotTotal - d.hot.length} 家`);
  if (d.late?.length) lines.push(`逾期后补做（近 30 天）：${d.late.map((c) => `${c.name} ${c.items} 项`).join('、')}`);
  return lines;
}

export function heatCard(d: HeatCardData): CardReply {
  const { green, yellow, red } = d.counts;
  const rep = d.scope.kind === 'rep';
  return card({
    title: `${rep ? `${d.scope.name} · 我的客户热力图` : `${d.scope.name} · 客户热力图`}（${d.today}）`,
    colour: red > 0 ? 'red' : yellow > 0 ? 'yellow' : 'green',
    headline: { label: '红色客户', value: `${red} 家`, emphasis: red > 0 ? 'red' : 'green' },
    lines: [`绿 ${green} · 黄 ${yellow} · 红 ${red}（共 ${d.customers} 家）`, ...hotLines(d)],
    table: {
      columns: ['销售', ...STAGES.map((s) => STAGE_SHORT[s])],
      rows: d.grid.map((g) => [g.rep, ...g.cells.map(cellText)]),
      colours: d.grid.map((g) => [null, ...g.cells.map(cellColour)]),
    },
    note: `${RULE}。${rep ? '你只能看到自己名下的客户。' : ''}`,
    more: '发送 /看板 查看完整热力图',
  });
}
