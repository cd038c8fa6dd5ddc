import type { DueItem } from '../../domain/types.js';
import type { Services } from '../../services.js';
import type { NamedItem } from '../../../cards/items.js';

// Due items with the names people read (customer and action), for the warning and reminder cards.

export function namedItems(services: Services, items: DueItem[]): NamedItem[] {
  const actionName = new Map(services.repos.actionTypes.all().map((a) => [a.code, a.name]));
  return items.map((i) => ({
    id: i.id,
    dueDate: i.dueDate,
    customer: services.repos.customers.byId(i.customerId)?.name ?? `客户 #${i.customerId}`,
    action: actionName.get(i.actionCode) ?? i.actionCode,
  }));
}

/** Open items, the most urgent first: overdue ones by age, then the next due. */
export function mostUrgent(items: DueItem[], n: number): DueItem[] {
  return items.filter((i) => i.status === 'open')
    .sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.id - b.id))
    .slice(0, n);
}
