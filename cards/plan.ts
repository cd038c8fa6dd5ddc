import { type CardReply, card } from '../src/core/reply.js';
import type { LocalDate } from '../src/domain/dates.js';
import { STAGE_LABELS, type Stage } from '../src/domain/stages.js';

// /领取: the action packs a rep claimed for the quarter (docs/method.md step 2), the items they
// became, and how the items spread over the weeks.

export interface ClaimData {
  rep: string;
  quarter: string;
  added: number;
  /** Per stage the rep has customers in: how many, and each pack action with its frequency worded. */
  packs: Array<{ stage: Stage; customers: number; actions: string[] }>;
  remaining: number;
  from: LocalDate;
  to: LocalDate;
  /** Monday of each week with its number of items, in date order. */
  weeks: Array<[LocalDate, number]>;
}

export function claimCard(d: ClaimData): CardReply {
  const packs = d.packs.map((p) => `${STAGE_LABELS[p.stage]}（${p.customers} 家）：${p.actions.join('、')}`);
  return card({
    title: `${d.rep} · ${d.quarter} 动作包`,
    colour: d.added ? 'green' : 'blue',
    lines: [
      d.added ? `已领取：新增 ${d.added} 项待办，到期日按周错开，均在工作日。` : '没有新的待办：本季度的动作包已经全部领取。',
      ...packs,
    ],
    fields: [{ label: '本季度剩余待办', value: `${d.remaining} 项（${d.from} 至 ${d.to}）` }],
    table: d.weeks.length ? { columns: ['周（周一）', '待办'], rows: d.weeks.map(([w, n]) => [w.slice(5), String(n)]) } : undefined,
    note: '提高频次：/领取 华东重工 技术答疑 每周1次；查看地图：/地图',
  });
}
