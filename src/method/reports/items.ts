import { daysBetween, type LocalDate } from '../../domain/dates.js';
import type { DueItem } from '../../domain/types.js';
import type { Services } from '../../services.js';

// Due items as rows people can read (customer and action names), shared by warnings and reminders.

export function itemRows(services: Services, items: DueItem[], today: LocalDate): string[][] {
  const actionName = new Map(services.repos.actionTypes.all().map((a) => [a.code, a.name]));
  return items.map((i) => [
    i.dueDate.slice(5),
    services.repos.customers.byId(i.customerId)?.name ?? `客户 #${i.customerId}`,
    actionName.get(i.actionCode) ?? i.actionCode,
    i.dueDate < today ? `逾期 ${daysBetween(i.dueDate, today)} 天` : i.dueDate === today ? '今天' : '待完成',
  ]);
}

export const ITEM_COLUMNS = ['到期日', '客户', '动作', '状态'];

/** Open items, the most urgent first: overdue ones by age, then the next due. */
export function mostUrgent(items: DueItem[], n: number): DueItem[] {
  return items.filter((i) => i.status === 'open')
    .sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.id - b.id))
    .slice(0, n);
}
