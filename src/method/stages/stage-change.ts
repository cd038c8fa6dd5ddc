import type { Customer } from '../../db/repos/customers.repo.js';
import { quarterEnd, quarterOf } from '../../domain/dates.js';
import { dueItemKey, regenerateOnStageChange } from '../../domain/plan.js';
import type { Stage } from '../../domain/stages.js';
import type { Services } from '../../services.js';
import { refreshBaselines } from '../targets/baseline.js';

// A stage taking effect (both agreed, or the manager overrode): the history row, the customer's new
// stage from today, and its plan replaced from today — open items of the old pack due from today
// cancelled, the new pack planned from today to the end of the quarter; items already due keep
// their status (history is immutable, docs/numbers.md). Call inside the caller's transaction.

/** `kept`: the customer's items already due and still open, which the change leaves alone (history). */
export interface ChangeOutcome {
  cancelled: number;
  added: number;
  skipped: number;
  kept: number;
}

export function applyStageChange(services: Services, customer: Customer, to: Stage, byId: number, why: string): ChangeOutcome {
  const { reviews } = services.repos;
  const today = services.today();
  reviews.recordChange({
    customerId: customer.id,
    from: customer.stage,
    to,
    byMemberId: byId,
    reason: why,
    at: services.clock.now().getTime(),
    since: today,
  });
  // A promoted incubating customer's split must read its orders, not a stale 0 (one baseline).
  refreshBaselines(services, [customer.id]);
  return replanCustomer(services, customer, to, today);
}

/** The plan side of a stage change (also used by the Excel import, which records its own history row). */
export function replanCustomer(services: Services, customer: Customer, to: Stage, today: string): ChangeOutcome {
  const { plans, frequencies } = services.repos;
  // The customer's open items due from today are cancelled whoever holds them (after an owner
  // change the old rep's items would otherwise stay open); the owner's other items only level the
  // weekly load.
  const mine = plans.openForMember(customer.ownerId).filter((i) => i.customerId !== customer.id);
  const its = plans.openForCustomer(customer.id);
  const { cancelIds, newItems } = regenerateOnStageChange({
    memberId: customer.ownerId,
    openItems: [...mine, ...its],
    customerId: customer.id,
    newStage: to,
    changeDate: today,
    to: quarterEnd(quarterOf(today)),
    actions: services.repos.actionTypes.all(),
    calendar: services.calendar,
    frequencyOverrides: frequencies.activeFor([customer.id]),
  });
  const cancelled = plans.cancel(cancelIds);
  // UNIQUE(customer, action, period) counts cancelled rows too: a key planned before (a stage left
  // and re-entered on the same day) is skipped, never a crash. Entry items carry 'entry:<date>'.
  const taken = plans.keysFor([customer.id]);
  const fresh = newItems.filter((i) => !taken.has(dueItemKey(i.customerId, i.actionCode, i.period)));
  const added = services.repos.dueItems.insertMany(fresh);
  return { cancelled, added, skipped: newItems.length - added, kept: its.filter((i) => i.dueDate < today).length };
}
