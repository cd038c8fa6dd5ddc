import type { ActionLogRow } from '../../db/repos/action-logs.repo.js';
import type { Customer } from '../../db/repos/customers.repo.js';
import type { LocalDate } from '../../domain/dates.js';
import type { ActionDef } from '../../domain/packs.js';
import type { Services } from '../../services.js';

// Checks a log must pass before it is written (docs/user-guide.md, logging an action): a date a rep
// could not mean (before the customer's first order, more than a year back) is refused with the reason.

/** The same date one year earlier: the earliest day a log may be dated. */
export function oneYearBack(today: LocalDate): LocalDate {
  return `${String(Number(today.slice(0, 4)) - 1).padStart(4, '0')}${today.slice(4)}`;
}

/** Chinese reason the date cannot be logged for the customer, or null when it can. */
export function dateRefusal(services: Services, customer: Customer, date: LocalDate): string | null {
  const earliest = oneYearBack(services.today());
  // Before the team's data starts (DATA_START_DATE) is a typing mistake, not a visit; say both rules.
  const start = services.config.DATA_START_DATE;
  const beforeStart = date < start ? `只能记录 ${start} 以后的动作。` : '';
  if (date < earliest) return `${date} 是一年多以前，不能补记这么早的动作（最早 ${earliest}）。${beforeStart}`;
  if (beforeStart) return `${date} 太早了：${beforeStart}`;
  const first = services.repos.orders
    .forCustomers([customer.id], 'order')
    .reduce<string | null>((m, o) => (m === null || o.date < m ? o.date : m), null);
  if (first !== null && date < first) return `${date} 早于「${customer.name}」的第一笔订单（${first}），不能记录在那之前。`;
  return null;
}

/** A valid log of the same action, customer and date, which a second log would repeat. */
export function sameDayLog(services: Services, customer: Customer, action: ActionDef, date: LocalDate): ActionLogRow | null {
  return (
    services.repos.logs
      .forCustomer(customer.id)
      .find((l) => l.actionCode === action.code && l.occurredOn === date && l.status === 'valid') ?? null
  );
}
