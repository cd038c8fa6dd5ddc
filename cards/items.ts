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

/** Items with their own buttons: on Feishu all five pairs; WeCom's six-button cap (docs/platforms/wecom.md §4.2) shows three. */
const ITEM_BUTTON_ITEMS = 5;

/**
 * How a button names its item: the customer (the table beside it says the action), or 动作·客户 when the customer has
 * two of the items shown. Short, so WeCom's 10-character button text (docs/platforms/wecom.md §4.2) keeps it whole
 * for most names, and a pair fits one line of a phone, where two pairs do not.
 */
function itemName(i: Pick<NamedItem, 'customer' | 'action'>, shown: Array<Pick<NamedItem, 'customer'>>): string {
  return shown.filter((o) => o.customer === i.customer).length > 1 ? `${i.action}·${i.customer}` : i.customer;
}

/**
 * Per open item, side by side: 「✓ 客户」 (logs it as /记录 would, today; src/commands/item-done.ts) and 「改期·客户」
 * (straight to the dates of its window; src/commands/item-move.ts). Pairs stay together, so a platform that must cut
 * buttons cuts whole items, and the card's `more` says how to do the rest (/记录, /改期).
 */
export function itemButtons(items: Array<Pick<NamedItem, 'id' | 'customer' | 'action'>>): Button[] {
  const shown = items.slice(0, ITEM_BUTTON_ITEMS);
  return shown.flatMap((i): Button[] => [
    { label: `✓ ${itemName(i, shown)}`, action: 'item.done', value: { itemId: String(i.id) } },
    { label: `改期·${itemName(i, shown)}`, action: 'item.move', value: { itemId: String(i.id) } },
  ]);
}

/** Where a card's item buttons end (more than five items, or WeCom's cut): how to finish or move the others. */
export const ITEMS_MORE = '其余待办发送 /记录 或 /改期 <客户>，全部见 /看板';
