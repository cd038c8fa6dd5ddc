import { addDays, type LocalDate, weekStart } from './dates.js';
import type { DueItem } from './types.js';

// 「改期」 of a due item (issue 15 item 3): a new due date inside the item's window, never in the past,
// never for a done or cancelled item, never for an item of a past week, whose completion is already
// history (docs/method.md step 3: a week's rate counts the items due that week).

/** At most this many dated buttons: WeCom shows six buttons (docs/platforms/wecom.md §4.2), one stays for 取消. */
export const MAX_MOVE_CHOICES = 5;

/** Why the item cannot be moved at all, in Chinese; null when it can. */
export function moveRefusal(item: DueItem, today: LocalDate): string | null {
  if (item.status === 'done') return '这项待办已经完成，不能改期。';
  if (item.status === 'cancelled') return '这项待办已取消（客户阶段或计划有变），不能改期。';
  if (item.dueDate < weekStart(today)) return '这是以前几周的待办，那一周的完成率已经算过，不能改期；可以直接补做后发送 /记录。';
  if (item.windowEnd < today) return `这项待办的时间窗口已在 ${item.windowEnd} 结束，不能改期。`;
  return null;
}

/** Why this new date is refused, in Chinese; null when the item may move there. */
export function moveDateRefusal(item: DueItem, to: LocalDate, today: LocalDate, isWorkingDay: (d: LocalDate) => boolean): string | null {
  const refusal = moveRefusal(item, today);
  if (refusal) return refusal;
  if (to < today) return `不能改到已经过去的日期（${to}）。`;
  if (to < item.windowStart || to > item.windowEnd) return `只能在这项待办的时间窗口内改期：${item.windowStart} 至 ${item.windowEnd}。`;
  if (!isWorkingDay(to)) return `${to} 不是工作日，请选一个工作日。`;
  if (to === item.dueDate) return `这项待办本来就是 ${to} 到期，没有改动。`;
  return null;
}

/** The working days the item may move to: from today (or the window's start) to the window's end. */
export function moveChoices(item: DueItem, today: LocalDate, isWorkingDay: (d: LocalDate) => boolean): LocalDate[] {
  const out: LocalDate[] = [];
  for (let d = item.windowStart > today ? item.windowStart : today; d <= item.windowEnd && out.length < MAX_MOVE_CHOICES; d = addDays(d, 1))
    if (d !== item.dueDate && isWorkingDay(d)) out.push(d);
  return out;
}

/** The next working days from tomorrow, for a coaching session (the warning's 「安排辅导」). */
export function nextWorkingDays(today: LocalDate, n: number, isWorkingDay: (d: LocalDate) => boolean): LocalDate[] {
  const out: LocalDate[] = [];
  for (let d = addDays(today, 1); out.length < n && d <= addDays(today, 30); d = addDays(d, 1)) if (isWorkingDay(d)) out.push(d);
  return out;
}
