import { type CardReply, card } from '../src/core/reply.js';
import type { LocalDate } from '../src/domain/dates.js';
import { doneButtons, ITEM_COLUMNS, itemRows, type NamedItem } from './items.js';
import { moveButton } from './one-tap.js';

// The Thursday reminder: a rep's open items of the week, by DM, the most urgent first.

export function reminderCard(rep: string, open: NamedItem[], today: LocalDate): CardReply {
  return card({
    title: `${rep} · 本周待办提醒`,
    colour: 'blue',
    lines: [`本周还有 ${open.length} 件待办没有完成：`],
    table: { columns: ITEM_COLUMNS, rows: itemRows(open, today) },
    buttons: open.length ? [...doneButtons(open), moveButton] : [],
    note: '做完点「✓」即记为今天完成，或发送 /记录 <动作> <客户>。休假或出差请发送 /暂停提醒 <日期>，回来后 /恢复提醒。',
    more: '发送 /看板 查看全部待办',
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
