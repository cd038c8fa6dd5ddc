import { card, type Colour } from '../core/reply.js';
import { addDays, weekStart } from '../domain/dates.js';
import { completionLine } from '../domain/completion.js';
import type { Services } from '../services.js';
import type { Command } from './types.js';

const STATUS: Record<string, string> = { open: '待完成', done: '已完成', cancelled: '已取消' };

export const myCommand: Command = {
  name: 'my',
  aliases: ['我的'],
  summary: '查看本周待办和上周完成率',
  examples: ['/我的'],
  run({ services, member }) {
    const today = services.today();
    const thisWeek = weekStart(today);
    const lastWeek = addDays(thisWeek, -7);
    const { dueItems, customers, actionTypes } = services.repos;
    const items = dueItems.forMemberBetween(member.id, thisWeek, addDays(thisWeek, 6)).filter((i) => i.status !== 'cancelled');
    const last = dueItems.forMemberBetween(member.id, lastWeek, addDays(lastWeek, 6)).filter((i) => i.status !== 'cancelled');
    const done = last.filter((i) => i.status === 'done').length;
    const actionName = new Map(actionTypes.all().map((a) => [a.code, a.name]));
    const rows = items.map((i) => [i.dueDate.slice(5), customers.byId(i.customerId)?.name ?? '', actionName.get(i.actionCode) ?? i.actionCode, STATUS[i.status] ?? i.status]);
    const colours = items.map((i): (Colour | null)[] => [null, null, null, i.status === 'done' ? 'green' : i.dueDate < today ? 'red' : null]);
    const thisDone = items.filter((i) => i.status === 'done').length;
    const logged = services.repos.logs.forMemberBetween(member.id, thisWeek, today).filter((l) => l.status !== 'voided');
    const logLines = logged.slice(0, 8).map((l) => `${l.occurredOn.slice(5)} ${actionName.get(l.actionCode) ?? l.actionCode} · ${customers.byId(l.customerId)?.name ?? ''}${l.status === 'rejected' ? '（不合格）' : ''}`);
    return card({
      title: `${member.name} · 本周待办`,
      colour: 'blue',
      fields: [
        { label: '本周进度', value: `本周 ${thisDone}/${items.length}` },
        { label: '上周', value: completionLine(last.length, done) },
      ],
      table: rows.length ? { columns: ['日期', '客户', '动作', '状态'], rows, colours } : undefined,
      lines: [
        ...(rows.length ? [] : ['本周没有到期的待办。']),
        ...(logLines.length ? [`本周已记录 ${logged.length} 条：${logLines.join('；')}`] : ['本周还没有记录。']),
      ],
      note: '完成后发送 /记录 <动作> <客户>，例如 /记录 现场回访 华东重工',
    });
  },
};
