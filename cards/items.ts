import { daysBetween, type LocalDate } from '../src/domain/dates.js';

// Due items as rows people can read, shared by the warning, nudge and reminder cards. Callers
// look the names up; the card only words the dates.

export interface NamedItem {
  id: number;
  dueDate: LocalDate;
  customer: string;
  action: string;
}

export const ITEM_COLUMNS = ['到期日', '客户', '动作', '状态'];

export function itemStatus(dueDate: LocalDate, today: LocalDate): string {
  return dueDate < today ? `逾期 ${daysBetween(dueDate, today)} 天` : dueDate === today ? '今天' : '待完成';
}

export function itemRows(items: NamedItem[], today: LocalDate): string[][] {
  return items.map((i) => [i.dueDate.slice(5), i.customer, i.action, itemStatus(i.dueDate, today)]);
}
