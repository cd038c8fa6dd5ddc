import type { Customer } from '../../db/repos/customers.repo.js';
import { type LocalDate, quarterEnd, quarterOf, weekStart } from '../../domain/dates.js';
import type { ActionDef, Frequency } from '../../domain/packs.js';
import { dueItemKey, generateDueItems, type PlannedItem } from '../../domain/plan.js';
import type { Services } from '../../services.js';

// Claiming packs (领取) and replanning after a frequency change. Plans run from today to the end of
// the quarter; every key ever planned (cancelled rows too: the UNIQUE index counts them) is passed
// as existingKeys, so claiming twice adds nothing and a clash is skipped, never a crash.

export interface PlanOutcome {
  added: PlannedItem[];
  skipped: number;
}

function insertFresh(services: Services, items: PlannedItem[], customerIds: number[]): PlanOutcome {
  const taken = services.repos.plans.keysFor(customerIds);
  const fresh = items.filter((i) => !taken.has(dueItemKey(i.customerId, i.actionCode, i.period)));
  services.repos.dueItems.insertMany(fresh);
  return { added: fresh, skipped: items.length - fresh.length };
}

/** The rep's other open items per week: the generator levels new items against them. */
function loadByWeek(services: Services, memberId: number, exceptCustomer?: number): Record<LocalDate, number> {
  const load: Record<LocalDate, number> = {};
  for (const i of services.repos.plans.openForMember(memberId)) {
    if (i.customerId === exceptCustomer) continue;
    const w = weekStart(i.dueDate);
    load[w] = (load[w] ?? 0) + 1;
  }
  return load;
}

/** /plan: one due item per (customer, action, period) of the rep's packs for the rest of the quarter. */
export function claimPlan(services: Services, memberId: number): PlanOutcome {
  const today = services.today();
  const customers = services.repos.customers.ownedBy(memberId);
  const ids = customers.map((c) => c.id);
  const { plans, frequencies } = services.repos;
  return services.db.transaction(() => {
    const items = generateDueItems({
      memberId,
      customers: customers.map((c) => ({ id: c.id, stage: c.stage, stageSince: c.stageSince })),
      actions: services.repos.actionTypes.all(),
      frequencyOverrides: frequencies.activeFor(ids),
      from: today,
      to: quarterEnd(quarterOf(today)),
      calendar: services.calendar,
      existingLoad: loadByWeek(services, memberId),
      existingKeys: plans.keysFor(ids),
    });
    return insertFresh(services, items, ids);
  });
}

/**
 * A frequency taking effect: the open items of that action due from today are cancelled and the
 * action is replanned with the new frequency. Call inside the caller's transaction.
 *
 * Period keys repeat across frequencies (每月2次 and 每月3次 both have `YYYY-MM/1`, `/2`), so the
 * key of a cancelled row of this action is not "taken": the new plan is the truth for this action
 * from today, and such a row is reopened with the new window and due date (the UNIQUE index
 * forbids a second row).
 */
export function replanAction(
  services: Services,
  customer: Customer,
  action: ActionDef,
  freq: Frequency,
): PlanOutcome & { cancelled: number; rescheduled: number } {
  const today = services.today();
  const { plans } = services.repos;
  const open = plans.openFrom(customer.id, action.code, today);
  const cancelledNow = plans.cancel(open.map((i) => i.id));
  const reusable = new Map(
    plans.cancelledOf(customer.id, action.code).map((i) => [dueItemKey(i.customerId, i.actionCode, i.period), i.id]),
  );
  const taken = plans.keysFor([customer.id]);
  for (const k of reusable.keys()) taken.delete(k);
  const items = generateDueItems({
    memberId: customer.ownerId,
    customers: [{ id: customer.id, stage: customer.stage, stageSince: customer.stageSince }],
    actions: [action],
    frequencyOverrides: { [`${customer.id}:${action.code}`]: freq },
    from: today,
    to: quarterEnd(quarterOf(today)),
    calendar: services.calendar,
    existingLoad: loadByWeek(services, customer.ownerId, customer.id),
    existingKeys: taken,
  });
  // Counts as the rep sees the plan: `rescheduled` were open before and stay (new window), `added`
  // were not in the plan before (new rows, or rows cancelled earlier and reopened now).
  const openIds = new Set(open.map((i) => i.id));
  const added: PlannedItem[] = [];
  const rest: PlannedItem[] = [];
  let rescheduled = 0;
  for (const i of items) {
    const id = reusable.get(dueItemKey(i.customerId, i.actionCode, i.period));
    if (id === undefined || !plans.reopen(id, i)) rest.push(i);
    else if (openIds.has(id)) rescheduled++;
    else added.push(i);
  }
  const out = insertFresh(services, rest, [customer.id]);
  added.push(...out.added);
  return { added, skipped: items.length - added.length - rescheduled, cancelled: cancelledNow - rescheduled, rescheduled };
}

/** The counts of a replan in words, for the rep's reply and the manager's approval. */
export function replanSummary(out: { added: unknown[]; rescheduled: number; cancelled: number }): string {
  return `新增 ${out.added.length} 项待办${out.rescheduled ? `，原有 ${out.rescheduled} 项按新频次改期` : ''}，取消原安排 ${out.cancelled} 项`;
}

const CN_NUM: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6 };
const UNITS: Record<string, (n: number) => Frequency> = {
  周: (n) => ({ kind: 'periodic', period: 'biweek', times: 2 * n }),
  两周: (n) => ({ kind: 'periodic', period: 'biweek', times: n }),
  '2周': (n) => ({ kind: 'periodic', period: 'biweek', times: n }),
  月: (n) => ({ kind: 'periodic', period: 'month', times: n }),
  季: (n) => ({ kind: 'periodic', period: 'quarter', times: n }),
  季度: (n) => ({ kind: 'periodic', period: 'quarter', times: n }),
  半年: (n) => ({ kind: 'periodic', period: 'half', times: n }),
  年: (n) => ({ kind: 'periodic', period: 'year', times: n }),
};

/** 每周1次, 每两周1次, 每月2次, 每季度1次, 每半年1次, 每年1次 (一/两/三 also); null otherwise. */
export function parseFrequency(word: string): Frequency | null {
  const m = /^每(周|两周|2周|月|季度|季|半年|年)([0-9]+|[一二两三四五六])次$/.exec(word.trim());
  if (!m) return null;
  const n = CN_NUM[m[2]!] ?? Number(m[2]);
  return n >= 1 && n <= 10 ? UNITS[m[1]!]!(n) : null;
}

const PERIOD_WORDS = { month: '每月', quarter: '每季度', half: '每半年', year: '每年' } as const;

export function describeFrequency(f: Frequency): string {
  switch (f.kind) {
    case 'periodic':
      if (f.period === 'biweek') return f.times % 2 === 0 ? `每周${f.times / 2}次` : `每两周${f.times}次`;
      return `${PERIOD_WORDS[f.period]}${f.times}次`;
    case 'holiday':
      return `${f.holidays.join('、')}前${f.windowDays}天内`;
    case 'on_entry':
      return `进入阶段${f.withinDays}天内1次`;
    case 'on_entry_then_monthly':
      return `进入阶段${f.withinDays}天内1次，之后每月1次`;
  }
}
