import { type CardReply, card } from '../src/core/reply.js';
import { percent } from '../src/domain/completion.js';
import { type LocalDate, weekStart } from '../src/domain/dates.js';
import type { RepWarning } from '../src/domain/warnings.js';
import { ITEM_COLUMNS, itemRows, monthDay, type NamedItem } from './items.js';

// The warning (预警) of docs/method.md step 3: the manager's DM about a rep under the threshold
// (rates, overdue items, three follow-up buttons), and the gentle nudge the rep gets.

export interface WarningCardData {
  rep: { id: number; name: string };
  warning: RepWarning;
  threshold: number;
  /**
   * What can still be done, most urgent first (overdue items whose window is open, this and next
   * week's): the ones shown, how many in all, and how many of those are overdue.
   */
  items: NamedItem[];
  itemsTotal: number;
  overdueTotal: number;
  today: LocalDate;
}

export function warningCard(d: WarningCardData): CardReply {
  const value = { repId: String(d.rep.id), week: weekStart(d.today) };
  return card({
    title: `预警：${d.rep.name} 连续 ${d.warning.weeks.length} 周完成率低于 ${percent(d.threshold)}`,
    colour: 'orange',
    headline: { label: '完成率', value: d.warning.weeks.map((x) => percent(x.rate)).join(' → '), emphasis: 'red' },
    fields: d.warning.weeks.map((x) => ({ label: `${monthDay(x.week)}那周`, value: percent(x.rate) })),
    lines: d.items.length
      ? [`现在还能做的 ${d.itemsTotal} 项（其中逾期仍可补 ${d.overdueTotal} 项，含本周和下周到期），最紧急的在前：`]
      : ['目前没有还能补做或本周、下周到期的事项。'],
    table: d.items.length ? { columns: ITEM_COLUMNS, rows: itemRows(d.items, d.today) } : undefined,
    note: '此消息只发给你，群里的周报不显示姓名。请选择跟进方式：',
    more: '发送 /看板 查看全部',
    buttons: [
      { label: '安排辅导', action: 'warning.coach', value, style: 'primary' },
      { label: '资源倾斜', action: 'warning.resources', value },
      { label: '已知悉', action: 'warning.ack', value },
    ],
  });
}

export function nudgeCard(rep: string, w: RepWarning, urgent: NamedItem[], today: LocalDate): CardReply {
  return card({
    title: `${rep}，这周先把这 ${urgent.length} 件做了`,
    colour: 'blue',
    lines: [`最近 ${w.weeks.length} 周的动作完成率是 ${w.weeks.map((x) => percent(x.rate)).join('、')}。不用一次补齐，先做最要紧的：`],
    table: { columns: ITEM_COLUMNS, rows: itemRows(urgent, today) },
    note: '做完发送 /记录 <动作> <客户>；需要帮助可以直接找主管。休假请发送 /暂停提醒 <日期>。',
  });
}
