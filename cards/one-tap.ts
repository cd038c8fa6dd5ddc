import { type CardReply, card } from '../src/core/reply.js';
import type { LocalDate } from '../src/domain/dates.js';
import { monthDay } from './items.js';

// The one-tap follow-ups (issue 15 item 3): 「改期」 (pick an item, then a date) and the warning's
// 「安排辅导」 (pick a date; the session goes on the manager's own list).

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];
/** '2026-11-27' → '11月27日 周五' */
export const dayLabel = (d: LocalDate): string => `${monthDay(d)} 周${WEEKDAYS[new Date(`${d}T00:00:00Z`).getUTCDay()]}`;

export interface MovableItem {
  id: number;
  customer: string;
  action: string;
  dueDate: LocalDate;
}

const PICK_MAX = 6;

/** `/改期` when several items match (the cards' own buttons go straight to one item's dates): which one. */
export function movePickCard(items: MovableItem[]): CardReply {
  return card({
    title: '改期：选择要改的待办',
    colour: 'blue',
    lines: [
      '点一项，再选新的日期（只能在这项待办的时间窗口内）：',
      // WeCom shows six buttons at most (docs/platforms/wecom.md §4.2): the others are reached by naming the customer.
      ...(items.length > PICK_MAX ? [`共 ${items.length} 项，这里列出前 ${PICK_MAX} 项；发送 /改期 <客户> 只看这位客户的。`] : []),
    ],
    buttons: items.slice(0, PICK_MAX).map((i) => ({
      label: `${i.action}·${i.customer}`,
      action: 'item.move',
      value: { itemId: String(i.id) },
    })),
    note: '已完成的待办和以前几周的待办不能改期。',
  });
}

/** Step 2: the dates the item may move to (working days left in its window). */
export function moveDatesCard(item: MovableItem & { windowEnd: LocalDate }, dates: LocalDate[]): CardReply {
  return card({
    title: `改期：${item.action} · ${item.customer}`,
    colour: 'blue',
    fields: [
      { label: '现在到期', value: dayLabel(item.dueDate) },
      { label: '最晚可到', value: dayLabel(item.windowEnd) },
    ],
    lines: dates.length ? ['改到哪一天？'] : ['这项待办的时间窗口内没有别的工作日可选了，请按原日期完成。'],
    buttons: dates.map((d) => ({
      label: dayLabel(d),
      action: 'item.moveTo',
      value: { itemId: String(item.id), from: item.dueDate, to: d },
      confirm: `把「${item.action} · ${item.customer}」改到 ${dayLabel(d)}？`,
    })),
  });
}

export function movedCard(item: MovableItem, from: LocalDate): CardReply {
  return card({
    title: `已改期：${item.action} · ${item.customer}`,
    colour: 'green',
    fields: [
      { label: '原到期日', value: dayLabel(from) },
      { label: '新到期日', value: dayLabel(item.dueDate) },
    ],
    note: '提醒和完成率按新日期计算。发送 /我的 查看本周待办。',
  });
}

/** 安排辅导, step 1: which day (the next working days of the team calendar). */
export function coachDatesCard(rep: { id: number; name: string }, week: LocalDate, dates: LocalDate[]): CardReply {
  return card({
    title: `安排辅导：${rep.name}`,
    colour: 'blue',
    lines: ['哪天和他/她一对一？选好后会放进你自己的待办（/我的 和周四提醒里都能看到）。'],
    buttons: dates.map((d) => ({ label: dayLabel(d), action: 'warning.coachOn', value: { repId: String(rep.id), week, date: d } })),
  });
}

/** 安排辅导, step 2 (or a second click): the session on the manager's list. */
export function coachingCard(rep: string, date: LocalDate, existing: boolean): CardReply {
  return card({
    title: existing ? `已安排过：${dayLabel(date)} 辅导 ${rep}` : `已安排：${dayLabel(date)} 辅导 ${rep}`,
    colour: existing ? 'blue' : 'green',
    lines: [...(existing ? ['这周已经为这名销售安排过辅导，没有重复添加。'] : []), '建议一起过一遍逾期事项，定下本周先做的三件。'],
    note: '这项辅导已在你的 /我的 和周四提醒里。',
  });
}
