import { type CardReply, card } from '../src/core/reply.js';
import type { LocalDate } from '../src/domain/dates.js';
import { ITEM_COLUMNS, ITEMS_MORE, itemButtons, itemRows, type NamedItem } from './items.js';

// The Thursday reminder: a rep's open items of the week, by DM, the most urgent first.

export function reminderCard(rep: string, open: NamedItem[], today: LocalDate): CardReply {
  return card({
    title: `${rep} · 本周待办提醒`,
    colour: 'blue',
    lines: [`本周还有 ${open.length} 件待办没有完成：`],
    table: { columns: ITEM_COLUMNS, rows: itemRows(open, today) },
    buttons: open.length ? itemButtons(open) : [],
    note: '做完点「✓」即记为今天完成，点「改期」换到窗口内的另一天；也可发送 /记录 <动作> <客户>、/改期 <客户>。休假或出差请发送 /暂停提醒 <日期>，回来后 /恢复提醒。',
    more: ITEMS_MORE,
  });
}

/** A manager's Thursday reminder of the coaching sessions they put on their own list this week. */
export function coachingReminderCard(manager: string, sessions: Array<{ dueDate: LocalDate; rep: string }>): CardReply {
  return card({
    title: `${manager} · 本周辅导提醒`,
    colour: 'blue',
    lines: [`本周安排了 ${sessions.length} 次一对一辅导：`],
    table: { columns: ['日期', '销售', '事项'], rows: sessions.map((s) => [s.dueDate.slice(5), s.rep, '一对一辅导']) },
    note: '辅导时一起过一遍逾期事项，定下本周先做的三件。发送 /我的 查看。',
  });
}
