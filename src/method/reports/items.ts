import type { NamedItem } from '../../../cards/items.js';
import { addDays, type LocalDate, weekStart } from '../../domain/dates.js';
import type { DueItem } from '../../domain/types.js';
import type { Services } from '../../services.js';

// Due items with the names people read (customer and action), for the warning and reminder cards.

export function namedItems(services: Services, items: DueItem[]): NamedItem[] {
  const actionName = new Map(services.repos.actionTypes.all().map((a) => [a.code, a.name]));
  return items.map((i) => ({
    id: i.id,
    dueDate: i.dueDate,
    customer: services.repos.customers.byId(i.customerId)?.name ?? `客户 #${i.customerId}`,
    action: actionName.get(i.actionCode) ?? i.actionCode,
    windowEnd: i.windowEnd,
  }));
}

/** Open items, the most urgent first: overdue ones by age, then the next due. */
export function mostUrgent(items: DueItem[], n: number): DueItem[] {
  return items
    .filter((i) => i.status === 'open')
    .sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.id - b.id))
    .slice(0, n);
}

/** Last day a nudge or warning card looks ahead to: the end of next week. */
export const actionableUntil = (today: LocalDate): LocalDate => addDays(weekStart(today), 13);

/**
 * What a rep can still do, most urgent first: open items due this or next week, and overdue ones
 * whose window is still open. Never an item whose window has closed (a holiday action's window
 * ends the day before the holiday): a nudge must not send anyone after what can no longer be done.
 */
export function actionable(items: DueItem[], today: LocalDate, n = Infinity): DueItem[] {
  const until = actionableUntil(today);
  return mostUrgent(
    items.filter((i) => i.windowEnd >= today && i.dueDate <= until),
    n,
  );
}
