import { type CardReply, type Colour, card } from '../src/core/reply.js';
import type { LocalDate } from '../src/domain/dates.js';
import { formatFen } from '../src/domain/money.js';
import { STAGE_SHORT, type Stage } from '../src/domain/stages.js';
import type { CustomerShare } from '../src/domain/target-split.js';

// The personal battle map (个人作战地图, docs/method.md step 2): a rep's customers by stage with each
// one's expected contribution, and this quarter's due items week by week. The data comes from
// src/method/plans/battle-map.ts, which also serves it to the dashboard as JSON.

export interface MapItem {
  id: number;
  customer: string;
  action: string;
  dueDate: LocalDate;
  status: string;
  overdue: boolean;
}
export interface MapWeek {
  monday: LocalDate;
  current: boolean;
  due: number;
  done: number;
  items: MapItem[];
}
export interface MapCustomer {
  id: number;
  name: string;
  stageSince: LocalDate;
  expectedFen: number | null;
  basis: CustomerShare['basisSource'] | null;
  due: number;
  done: number;
}

export interface BattleMap {
  member: { id: number; name: string };
  /**
   * published / draft (managers only) / computed from the region target (managers only) /
   * unpublished: a target exists but no published version, so a rep gets no numbers / none.
   */
  target: {
    source: 'published' | 'draft' | 'computed' | 'unpublished' | 'none';
    period: string | null;
    version: number | null;
    targetFen: number | null;
    oldWayFen: number | null;
    reason: string | null;
  };
  stages: Array<{ stage: Stage; label: string; customers: MapCustomer[] }>;
  quarter: { quarter: string; from: LocalDate; to: LocalDate; due: number; done: number; weeks: MapWeek[] };
}

const SOURCE = {
  published: '已发布版本',
  draft: '草稿（未发布，销售看不到）',
  computed: '按当前阶段预估（目标未发布）',
  unpublished: '',
  none: '',
} as const;

function targetValue(t: BattleMap['target']): string {
  if (t.source === 'unpublished') return '主管还没有发布本期目标；发布后再发送 /地图 查看你的目标和客户预期贡献';
  return t.targetFen === null ? '尚未设定' : `${formatFen(t.targetFen)} · ${SOURCE[t.source]}`;
}
const MAX_ITEMS_PER_WEEK = 4;

/** Past weeks show only what is still open, so the card stays about the weeks ahead. */
function weekLine(w: MapWeek, today: string): string {
  const past = w.monday < today && !w.current;
  const shown = past ? w.items.filter((i) => i.overdue) : w.items;
  if (past && shown.length === 0) return `${w.monday.slice(5)} 周 完成 ${w.done}/${w.due}`;
  const items = shown
    .slice(0, MAX_ITEMS_PER_WEEK)
    .map((i) => `${i.action}·${i.customer}${i.status === 'done' ? '✓' : i.overdue ? '（逾期）' : ''}`);
  const more = shown.length > MAX_ITEMS_PER_WEEK ? ` 等 ${shown.length} 项` : '';
  return `${w.monday.slice(5)} 周${w.current ? '（本周）' : ''} 完成 ${w.done}/${w.due}：${items.join('、')}${more}`;
}

export function mapCard(m: BattleMap, today: string): CardReply {
  const t = m.target;
  const rows = m.stages.flatMap((s) =>
    s.customers.map((c) => [STAGE_SHORT[s.stage], c.name, c.expectedFen === null ? '—' : formatFen(c.expectedFen), `${c.done}/${c.due}`]),
  );
  const colours = m.stages.flatMap((s) =>
    s.customers.map((c): (Colour | null)[] => [null, null, null, c.due > 0 && c.done === c.due ? 'green' : null]),
  );
  return card({
    title: `${m.member.name} · 个人作战地图`,
    colour: 'blue',
    fields: [
      { label: `目标${t.period ? `（${t.period}）` : ''}`, value: targetValue(t) },
      ...(t.reason ? [{ label: '来源', value: t.reason }] : []),
      { label: `${m.quarter.quarter} 动作`, value: `完成 ${m.quarter.done}/${m.quarter.due}` },
    ],
    table: rows.length ? { columns: ['阶段', '客户', '预期贡献', '本季动作'], rows, colours } : undefined,
    lines: [...(rows.length ? [] : ['名下还没有客户。']), ...m.quarter.weeks.filter((w) => w.due > 0).map((w) => weekLine(w, today))],
    note: '完成后发送 /记录 <动作> <客户>；领取动作包：/领取',
  });
}
