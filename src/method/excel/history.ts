import { sql } from 'drizzle-orm';
import { actionLogs, stageChanges } from '../../db/schema.js';
import { groupBy } from '../../domain/collections.js';
import { addDays, type LocalDate, localDateOf, quarterOf, quarterStart } from '../../domain/dates.js';
import { rematch } from '../../domain/matching.js';
import { generateDueItems } from '../../domain/plan.js';
import type { Stage } from '../../domain/stages.js';
import type { StageChange } from '../../domain/team-metrics.js';
import type { Services } from '../../services.js';
import type { ImportPlan } from './types.js';

// The history part of an import (阶段历史, 动作记录): stage changes at the dates the file gives,
// past action logs, and the past quarters' due items rebuilt from the stage history and the packs
// and matched to those logs, so completion history and the week-4 rule can be replayed on an
// imported team (docs/numbers.md "Backtest"). Runs inside applyPlan's transaction.

/** An instant on `date` in the team's time zone (noon UTC, moved half a day if that is another local date). */
export function instantOn(date: LocalDate, tz: string): number {
  let at = Date.parse(`${date}T12:00:00Z`);
  const local = localDateOf(new Date(at), tz);
  if (local > date) at -= 12 * 3_600_000;
  else if (local < date) at += 12 * 3_600_000;
  return at;
}

/** Earlier stages of each customer, oldest first, so a change's from-stage is the one before it. */
export function applyStageHistory(services: Services, plan: ImportPlan, idOf: Map<string, number>, byId: number | null): void {
  const tz = services.config.TEAM_TIMEZONE;
  const byCustomer = new Map<string, ImportPlan['stageHistory']>();
  for (const op of plan.stageHistory) byCustomer.set(op.values.customer, [...(byCustomer.get(op.values.customer) ?? []), op]);
  for (const [name, ops] of byCustomer) {
    let from: Stage | null = null;
    for (const op of [...ops].sort((a, b) => (a.values.since < b.values.since ? -1 : 1))) {
      if (op.action === 'create') {
        services.db
          .insert(stageChanges)
          .values({
            customerId: idOf.get(name)!,
            fromStage: from,
            toStage: op.values.stage,
            byMemberId: byId,
            reason: 'Excel 导入（阶段历史）',
            at: instantOn(op.values.since, tz),
          })
          .run();
      }
      from = op.values.stage;
    }
  }
}

/** The stage the 阶段历史 sheet puts last before the customer sheet's stage (its from-stage). */
export function lastHistoryStage(plan: ImportPlan, customer: string): Stage | null {
  const rows = plan.stageHistory.filter((h) => h.values.customer === customer).sort((a, b) => (a.values.since < b.values.since ? -1 : 1));
  return rows.at(-1)?.values.stage ?? null;
}

export function applyLogs(services: Services, plan: ImportPlan, idOf: Map<string, number>, progress: (done: number) => void): number {
  const memberId = new Map<string, number>();
  const at = services.clock.now().getTime();
  // Prepared once, as the orders are (apply.ts): the write lock is held for the whole import.
  const p = (name: string) => sql.placeholder(name);
  const insert = services.db
    .insert(actionLogs)
    .values({
      memberId: p('rep'),
      loggedById: p('rep'),
      customerId: p('customerId'),
      actionCode: p('actionCode'),
      occurredOn: p('date'),
      note: p('note'),
      sourcePlatform: 'excel',
      sourceMessageId: p('sourceId'),
      status: 'valid',
      createdAt: at,
    })
    .onConflictDoNothing()
    .prepare();
  let n = 0;
  for (const op of plan.logs) {
    if (op.action !== 'create') continue;
    const v = op.values;
    let rep = memberId.get(v.rep);
    if (rep === undefined) memberId.set(v.rep, (rep = services.repos.members.byName(v.rep)[0]!.id));
    insert.run({ rep, customerId: idOf.get(v.customer)!, actionCode: v.actionCode, date: v.date, note: v.note, sourceId: v.sourceId });
    if (++n % 10_000 === 0) progress(n);
  }
  return n;
}

/** Stage segments [from, to] of one customer from its history (oldest first). */
function segments(history: StageChange[], end: LocalDate): Array<{ stage: Stage; from: LocalDate; to: LocalDate }> {
  const sorted = [...history].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return sorted
    .map((h, i) => ({ stage: h.to, from: h.at, to: i + 1 < sorted.length ? addDays(sorted[i + 1]!.at, -1) : end }))
    .filter((s) => s.from <= s.to);
}

/**
 * Due items of the past complete quarters for the customers the file logged actions for, from the
 * day the file's logs begin (before that nobody was asked to log), by the stage in force, then
 * matched to the logs as the live matching would (rematch). The current quarter is left to the plan.
 */
export function rebuildPastItems(services: Services, plan: ImportPlan, idOf: Map<string, number>): number {
  const logged = plan.logs.map((l) => l.values);
  if (logged.length === 0) return 0;
  const from = logged.reduce((m, l) => (l.date < m ? l.date : m), logged[0]!.date);
  const end = addDays(quarterStart(quarterOf(services.today())), -1);
  const ids = [...new Set(logged.map((l) => idOf.get(l.customer)!))];
  const actions = services.repos.actionTypes.all();
  const tz = services.config.TEAM_TIMEZONE;
  const byRegion = new Map<number, number[]>();
  for (const id of ids) {
    const c = services.repos.customers.byId(id)!;
    byRegion.set(c.regionId, [...(byRegion.get(c.regionId) ?? []), id]);
  }
  let added = 0;
  for (const [regionId, list] of byRegion) {
    const historyBy = groupBy(services.repos.stages.changesInRegion(regionId, tz), (h) => h.customerId);
    for (const id of list) {
      const owner = services.repos.customers.byId(id)!.ownerId;
      for (const s of segments(historyBy.get(id) ?? [], end)) {
        const items = generateDueItems({
          memberId: owner,
          customers: [{ id, stage: s.stage, stageSince: s.from }],
          actions,
          from: s.from > from ? s.from : from,
          to: s.to,
          calendar: services.calendar,
        });
        added += services.repos.dueItems.insertMany(items.map((i) => ({ ...i, memberId: owner })));
      }
    }
    completePast(services, regionId, end);
  }
  return added;
}

/** Matches the region's past open items to the logs no item holds yet. */
function completePast(services: Services, regionId: number, end: LocalDate): void {
  const all = services.repos.activity.itemsInRegion(regionId);
  const held = new Set(all.flatMap((i) => (i.completedByLogId === null ? [] : [i.completedByLogId])));
  const items = all.filter((i) => i.windowEnd <= end && i.status === 'open');
  const logs = services.repos.activity.logsInRegion(regionId).filter((l) => !held.has(l.id));
  for (const [itemId, logId] of rematch(items, logs)) services.repos.dueItems.complete(itemId, logId);
}
