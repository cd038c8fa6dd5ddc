import type { Button } from '../src/core/reply.js';
import { daysBetween, type LocalDate } from '../src/domain/dates.js';

// Due items as rows people can read, shared by the warning, nudge and reminder cards. Callers
// look the names up; the card only words the dates.

export interface NamedItem {
  id: number;
  dueDate: LocalDate;
  customer: string;
  action: string;
  /** The last day the item can still be done (its window); shown for overdue items. */
  windowEnd?: LocalDate;
}

/** '2026-11-30' → '11月30日': a week is named by its Monday, not an ISO code (2026-W49). */
export const monthDay = (d: LocalDate): string => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;

export const ITEM_COLUMNS = ['到期日', '客户', '动作', '状态'];

export function itemStatus(dueDate: LocalDate, today: LocalDate, windowEnd?: LocalDate): string {
  if (dueDate < today) return `逾期 ${daysBetween(dueDate, today)} 天${windowEnd ? `，${windowEnd.slice(5)} 前可补` : ''}`;
  return dueDate === today ? '今天' : '待完成';
}

export function itemRows(items: NamedItem[], today: LocalDate): string[][] {
  return items.map((i) => [i.dueDate.slice(5), i.customer, i.action, itemStatus(i.dueDate, today, i.windowEnd)]);
}

/** WeCom shows at most six buttons (docs/platforms/wecom.md §4.2): five items, the rest by /记录. */
const DONE_BUTTONS = 5;

/** One-tap 「✓ 完成」 per open item: logs it as /记录 would, today, for the item's action and customer. */
export function doneButtons(items: Array<Pick<NamedItem, 'id' | 'customer' | 'action'>>): Button[] {
  return items
    .slice(0, DONE_BUTTONS)
    .map((i) => ({ label: `✓ ${i.action}·${i.customer}`, action: 'item.done', value: { itemId: String(i.id) } }));
}
