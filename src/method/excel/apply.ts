import { eq, sql } from 'drizzle-orm';
import { customers, members, orders, regions, stageChanges } from '../../db/schema.js';
import type { Services } from '../../services.js';
import { replanCustomer } from '../stages/stage-change.js';
import { refreshBaselines } from '../targets/baseline.js';
import { applyLogs, applyStageHistory, instantOn, lastHistoryStage, rebuildPastItems } from './history.js';
import type { Action, ImportOptions, ImportPlan } from './types.js';

// Carries out a plan without problems, all or nothing: one synchronous SQLite transaction (no
// await inside), so a failure half-way leaves the database as it was. Rows the plan marked
// "unchanged" are not touched, which is what makes importing the same file twice a no-op.

export const DEFAULT_WEIGHTS = { growing: 40, incubating: 15, stable: 30, declining: 5 };

export type Counts = Record<Action, number>;
export interface ApplyResult {
  regions: number;
  members: Counts;
  customers: Counts;
  orders: Counts;
  stageHistory: Counts;
  logs: Counts;
  /** Past due items rebuilt from the stage history and the packs (动作记录 imported). */
  pastItems: number;
}

export const countActions = (ops: Array<{ action: Action }>): Counts => ({
  create: ops.filter((o) => o.action === 'create').length,
  update: ops.filter((o) => o.action === 'update').length,
  unchanged: ops.filter((o) => o.action === 'unchanged').length,
});

export function applyPlan(services: Services, plan: ImportPlan, opts: ImportOptions = {}): ApplyResult {
  if (plan.problems.length > 0) throw new Error(`import has ${plan.problems.length} problems; nothing applied`);
  const { db } = services;
  const say = opts.onProgress ?? (() => {});
  let pastItems = 0;
  db.transaction(() => {
    for (const name of plan.newRegions)
      db.insert(regions)
        .values({ name, weightsJson: JSON.stringify(DEFAULT_WEIGHTS) })
        .run();
    applyMembers(services, plan);
    applyCustomers(services, plan, opts);
    const idOf = new Map(services.repos.customers.all().map((c) => [c.name, c.id]));
    applyOrders(services, plan, idOf, (n) => say(`订单：已写入 ${n} / ${plan.orders.length} 行`));
    // Orders arrived or customers changed: their baselines follow the orders (one baseline).
    const changed = <T extends { action: Action }>(ops: T[]) => ops.filter((o) => o.action !== 'unchanged');
    const touched = new Set([...changed(plan.customers).map((o) => o.values.name), ...changed(plan.orders).map((o) => o.values.customer)]);
    refreshBaselines(
      services,
      [...touched].map((n) => idOf.get(n)).filter((id): id is number => id !== undefined),
    );
    applyStageHistory(services, plan, idOf, opts.byMemberId ?? null);
    applyLogs(services, plan, idOf, (n) => say(`动作记录：已写入 ${n} / ${plan.logs.length} 行`));
    if (plan.logs.some((l) => l.action === 'create')) {
      say('按阶段历史和动作包重建过去季度的应做事项…');
      pastItems = rebuildPastItems(services, plan, idOf);
    }
  });
  return {
    regions: plan.newRegions.length,
    members: countActions(plan.members),
    customers: countActions(plan.customers),
    orders: countActions(plan.orders),
    stageHistory: countActions(plan.stageHistory),
    logs: countActions(plan.logs),
    pastItems,
  };
}

/** Name -> id; the plan already refused names that are ambiguous in the database. */
function memberId(services: Services, name: string): number {
  const found = services.repos.members.byName(name);
  if (found.length !== 1) throw new Error(`member name not unique after import: ${name}`);
  return found[0]!.id;
}

function regionId(services: Services, name: string | null): number | null {
  return name === null ? null : services.repos.regions.byName(name)!.id;
}

function applyMembers(services: Services, plan: ImportPlan): void {
  const { db } = services;
  const touched = plan.members.filter((op) => op.action !== 'unchanged');
  for (const op of touched) {
    const v = {
      name: op.values.name,
      role: op.values.role,
      regionId: regionId(services, op.values.region),
      lastYearFen: op.values.lastYearFen,
    };
    if (op.existingId === null) db.insert(members).values(v).run();
    else db.update(members).set(v).where(eq(members.id, op.existingId)).run();
  }
  // Managers second: a member's manager may be a row further down the same sheet.
  for (const op of touched) {
    const managerId = op.values.manager === null ? null : memberId(services, op.values.manager);
    db.update(members)
      .set({ managerId })
      .where(eq(members.id, memberId(services, op.values.name)))
      .run();
  }
}

function applyCustomers(services: Services, plan: ImportPlan, opts: ImportOptions): void {
  const { db } = services;
  const now = services.clock.now().getTime();
  const today = services.today();
  for (const op of plan.customers.filter((o) => o.action !== 'unchanged')) {
    // The stage history's date is the file's 阶段起始日期 (the day the customer entered the stage).
    const at = op.values.stageSince === today ? now : instantOn(op.values.stageSince, services.config.TEAM_TIMEZONE);
    const owner = services.repos.members.byId(memberId(services, op.values.owner))!;
    const v = {
      name: op.values.name,
      ownerId: owner.id,
      regionId: owner.regionId!,
      stage: op.values.stage,
      stageSince: op.values.stageSince,
      baselineFen: op.values.baselineFen,
      potentialFen: op.values.potentialFen,
      aliasesJson: JSON.stringify(op.values.aliases),
    };
    let id = op.existingId;
    if (id === null) id = db.insert(customers).values(v).returning({ id: customers.id }).get().id;
    else {
      const before = services.repos.customers.byId(id)!;
      db.update(customers).set(v).where(eq(customers.id, id)).run();
      // A new owner takes over the customer's open items due from today, or they would stay on the
      // old rep's map; items already due stay where they were (history is immutable).
      if (before.ownerId !== owner.id) services.repos.plans.moveOpen(id, owner.id, services.today());
      redate(services, op, before, at, opts.byMemberId ?? null);
    }
    // A stage changed by import replaces the customer's plan like any other stage change (docs/method.md step 2).
    if (op.existingId !== null && op.stageFrom !== null)
      replanCustomer(services, services.repos.customers.byId(id)!, op.values.stage, services.today());
    // A stage set by import is a manager's override of the dual confirmation, so it is recorded like one.
    if (op.existingId === null || op.stageFrom !== null) {
      db.insert(stageChanges)
        .values({
          customerId: id,
          fromStage: op.stageFrom ?? lastHistoryStage(plan, op.values.name),
          toStage: op.values.stage,
          byMemberId: opts.byMemberId ?? null,
          reason: 'Excel 导入',
          at,
        })
        .run();
    }
  }
}

/**
 * The file dates the unchanged current stage earlier than the database does (a history imported
 * before 阶段起始日期 was read): a row records the stage from that day, so the backtest finds it.
 * History is only added to, never rewritten.
 */
function redate(
  services: Services,
  op: ImportPlan['customers'][number],
  before: { id: number; stage: string; stageSince: string },
  at: number,
  byId: number | null,
): void {
  if (op.stageFrom !== null || op.values.stageSince >= before.stageSince) return;
  services.db
    .insert(stageChanges)
    .values({
      customerId: before.id,
      fromStage: before.stage,
      toStage: op.values.stage,
      byMemberId: byId,
      reason: 'Excel 导入（阶段起始日期）',
      at,
    })
    .run();
}

function applyOrders(services: Services, plan: ImportPlan, idOf: Map<string, number>, progress: (n: number) => void): void {
  const { db } = services;
  // Prepared once: building the statement per row was 3/4 of a 20,000-row import's write, and the
  // write lock it holds makes every other writer wait (src/core/inbound.ts retries them).
  const insert = db
    .insert(orders)
    .values({
      customerId: sql.placeholder('customerId'),
      kind: sql.placeholder('kind'),
      date: sql.placeholder('date'),
      amountFen: sql.placeholder('amountFen'),
      externalKey: sql.placeholder('externalKey'),
    })
    .prepare();
  let n = 0;
  for (const op of plan.orders) {
    if (++n % 10_000 === 0) progress(n);
    if (op.action === 'unchanged') continue;
    const v = {
      customerId: idOf.get(op.values.customer)!,
      kind: op.values.kind,
      date: op.values.date,
      amountFen: op.values.amountFen,
      externalKey: op.values.externalKey,
    };
    if (op.existingId === null) insert.run(v);
    else db.update(orders).set(v).where(eq(orders.id, op.existingId)).run();
  }
}
