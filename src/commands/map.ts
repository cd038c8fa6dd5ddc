import { card, text, type Colour, type Reply } from '../core/reply.js';
import { formatFen } from '../domain/money.js';
import { STAGE_SHORT } from '../domain/stages.js';
import type { Member } from '../db/repos/members.repo.js';
import { battleMapData, type BattleMap, type MapWeek } from '../method/plans/battle-map.js';
import { findRep } from '../method/people/resolve.js';
import { regionIdOf } from '../method/metrics/region-data.js';
import type { Command } from './types.js';

// /map (/地图): the personal battle map (个人作战地图). A rep sees their own; a manager names a rep.

const SOURCE = { published: '已发布版本', draft: '草稿（未发布，销售看不到）', computed: '按当前阶段预估（目标未发布）', unpublished: '', none: '' } as const;

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
  const items = shown.slice(0, MAX_ITEMS_PER_WEEK).map((i) => `${i.action}·${i.customer}${i.status === 'done' ? '✓' : i.overdue ? '（逾期）' : ''}`);
  const more = shown.length > MAX_ITEMS_PER_WEEK ? ` 等 ${shown.length} 项` : '';
  return `${w.monday.slice(5)} 周${w.current ? '（本周）' : ''} 完成 ${w.done}/${w.due}：${items.join('、')}${more}`;
}

export function mapCard(m: BattleMap, today: string): Reply {
  const t = m.target;
  const rows = m.stages.flatMap((s) => s.customers.map((c) => [STAGE_SHORT[s.stage], c.name, c.expectedFen === null ? '—' : formatFen(c.expectedFen), `${c.done}/${c.due}`]));
  const colours = m.stages.flatMap((s) => s.customers.map((c): (Colour | null)[] => [null, null, null, c.due > 0 && c.done === c.due ? 'green' : null]));
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

export const mapCommand: Command = {
  name: 'map',
  aliases: ['地图', '作战地图'],
  summary: '个人作战地图：客户阶段、预期贡献和本季度每周动作',
  examples: ['/地图', '/地图 小李（主管查看某位销售）'],
  run({ services, member, args }) {
    let who: Member = member;
    if (args[0] && args[0] !== member.name) {
      if (member.role === 'rep') return text('你只能查看自己的作战地图，发送 /地图 即可。');
      const regionId = regionIdOf(services, member);
      const rep = regionId == null ? null : findRep(services, regionId, args[0]);
      if (!rep?.ok) return text(rep?.message ?? '还没有区域。');
      who = rep.value;
    }
    const data = battleMapData(services, who.id, services.today(), member.role !== 'rep');
    return data ? mapCard(data, services.today()) : text('没有找到这位成员。');
  },
};
