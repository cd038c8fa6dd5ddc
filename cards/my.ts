import { type CardReply, type Colour, card } from '../src/core/reply.js';
import { completionLine } from '../src/domain/completion.js';
import type { LocalDate } from '../src/domain/dates.js';
import { ITEMS_MORE, itemButtons } from './items.js';

// /我的: a rep's items of this week with their status, last week's completion, and what they
// logged this week.

const STATUS: Record<string, string> = { open: '待完成', done: '已完成', cancelled: '已取消' };
const MAX_LOGS = 8;

export interface MyItem {
  id: number;
  dueDate: LocalDate;
  customer: string;
  action: string;
  status: string;
}
export interface MyLog {
  occurredOn: LocalDate;
  action: string;
  customer: string;
  rejected: boolean;
}

export interface MyCardData {
  name: string;
  today: LocalDate;
  items: MyItem[];
  lastWeek: { due: number; done: number };
  logs: MyLog[];
  /** Coaching sessions a manager put on their own list (the warning's 「安排辅导」). */
  coaching?: Array<{ dueDate: LocalDate; rep: string }>;
}

export function myCard(d: MyCardData): CardReply {
  const coaching = d.coaching ?? [];
  const rows = [
    ...d.items.map((i) => [i.dueDate.slice(5), i.customer, i.action, STATUS[i.status] ?? i.status]),
    ...coaching.map((c) => [c.dueDate.slice(5), c.rep, '一对一辅导', '待完成']),
  ];
  const colours = d.items.map((i): (Colour | null)[] => [
    null,
    null,
    null,
    i.status === 'done' ? 'green' : i.dueDate < d.today ? 'red' : null,
  ]);
  colours.push(...coaching.map((): (Colour | null)[] => [null, null, null, null]));
  const open = d.items.filter((i) => i.status === 'open');
  const done = d.items.filter((i) => i.status === 'done').length;
  const logLines = d.logs
    .slice(0, MAX_LOGS)
    .map((l) => `${l.occurredOn.slice(5)} ${l.action} · ${l.customer}${l.rejected ? '（不合格）' : ''}`);
  return card({
    title: `${d.name} · 本周待办`,
    colour: 'blue',
    headline: { label: '进度', value: d.items.length === 0 ? '本周无待办' : `本周 ${done}/${d.items.length}`, emphasis: 'blue' },
    fields: [{ label: '上周', value: completionLine(d.lastWeek.due, d.lastWeek.done) }],
    table: rows.length ? { columns: ['日期', '客户', '动作', '状态'], rows, colours } : undefined,
    lines: [
      ...(rows.length ? [] : ['本周没有到期的待办。']),
      ...(logLines.length ? [`本周已记录 ${d.logs.length} 条：${logLines.join('；')}`] : ['本周还没有记录。']),
    ],
    buttons: open.length ? itemButtons(open) : [],
    note: '做完点「✓」即记为今天完成，点「改期」换一天；也可发送 /记录 <动作> <客户>（例如 /记录 现场回访 华东重工）或 /改期 <客户>',
    more: ITEMS_MORE,
  });
}
