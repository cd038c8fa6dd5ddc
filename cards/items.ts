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

export const ITEM_COLUMNS = ['到期日', '客户', '动作', '状态'];

export function itemStatus(dueDate: LocalDate, today: LocalDate, windowEnd?: LocalDate): string {
  if (dueDate < today) return `逾期 ${daysBetween(dueDate, today)} 天${windowEnd ? `，${windowEnd.slice(5)} 前可补` : ''}`;
  return dueDate === today ? '今天' : '待完成';
}

export function itemRows(items: NamedItem[], today: LocalDate): string[][] {
  return items.map((i) => [i.dueDate.slice(5), i.customer, i.action, itemStatus(i.dueDate, today, i.windowEnd)]);
}
