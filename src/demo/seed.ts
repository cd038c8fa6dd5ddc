import { count, eq } from 'drizzle-orm';
import { CONSOLE_GROUP } from '../core/events.js';
import { customers, memberIdentities, members, orders, regions, regionTargets, stageChanges } from '../db/schema.js';
import { addDays, daysBetween, type LocalDate, quarterEnd, quarterOf, quarterStart, shiftQuarter, weekStart } from '../domain/dates.js';
import { generateDueItems } from '../domain/plan.js';
import { writeLog } from '../method/logs/log-write.js';
import { refreshBaselines } from '../method/targets/baseline.js';
import type { Services } from '../services.js';
import { bookAccounts } from './accounts.js';
import { DEMO_CUSTOMERS, DEMO_LAGGARDS, DEMO_MANAGER, DEMO_REGION, DEMO_REPS, DEMO_TARGET_YUAN, type DemoCustomer } from './data.js';
import { demoOrders, mulberry32 } from './orders.js';

export interface DemoSummary {
  members: number;
  customers: number;
  orders: number;
  dueItems: number;
  logs: number;
}

/** Seeds the demo when the database has no members; returns null when there was data already. */
export function seedDemoIfEmpty(services: Services): DemoSummary | null {
  const n = services.db.select({ n: count() }).from(members).get()?.n ?? 0;
  return n > 0 ? null : seedDemo(services);
}

/** Deterministic for a given "today": the history is laid out relative to the current quarter and week. */
export function seedDemo(services: Services): DemoSummary {
  const today = services.today();
  const rand = mulberry32(20250101);
  const base = services.db.transaction(() => seedPeople(services, today, rand));
  const dueItems = seedPlans(services, today);
  const logs = seedLogs(services, today, mulberry32(4242));
  return { ...base, dueItems, logs };
}

function seedPeople(services: Services, today: LocalDate, rand: () => number) {
  const { db } = services;
  const region = db
    .insert(regions)
    .values({ name: DEMO_REGION, weightsJson: JSON.stringify({ growing: 40, incubating: 15, stable: 30, declining: 5 }) })
    .returning()
    .get();
  db.insert(regionTargets)
    .values({ regionId: region.id, period: today.slice(0, 4), targetFen: DEMO_TARGET_YUAN * 100 })
    .run();
  // The console's one group chat plays the region's group, so the Monday report shows up in local mode.
  services.repos.regions.bindChat(region.id, 'console', CONSOLE_GROUP);
  const manager = db.insert(members).values({ name: DEMO_MANAGER, role: 'manager', regionId: region.id }).returning().get();
  const repIds = new Map<string, number>();
  for (const name of DEMO_REPS) {
    repIds.set(name, db.insert(members).values({ name, role: 'rep', regionId: region.id, managerId: manager.id }).returning().get().id);
  }
  for (const [name, id] of [[DEMO_MANAGER, manager.id] as const, ...repIds]) {
    db.insert(memberIdentities).values({ memberId: id, platform: 'console', externalId: name }).run();
  }
  let orderCount = 0;
  const lastYear = new Map<number, number>();
  for (const dc of [...DEMO_CUSTOMERS, ...bookAccounts()]) {
    const ownerId = repIds.get(dc.owner)!;
    const rows = demoOrders(dc, today, rand);
    const since = stageSince(dc, rows, today);
    // Incubating customers come with the rep's estimate of their annual potential; baselines are
    // computed from the orders below, as the app does after an import (refreshBaselines).
    const potentialFen = dc.stage === 'incubating' ? dc.size * 4 * 10_000 * 100 : null;
    const cust = db
      .insert(customers)
      .values({
        name: dc.name,
        aliasesJson: JSON.stringify(dc.aliases),
        ownerId,
        regionId: region.id,
        stage: dc.stage,
        stageSince: since,
        baselineFen: 0,
        potentialFen,
      })
      .returning()
      .get();
    db.insert(stageChanges)
      .values({
        customerId: cust.id,
        fromStage: null,
        toStage: dc.stage,
        byMemberId: manager.id,
        reason: '演示数据初始分类',
        at: Date.parse(`${since}T09:00:00+08:00`),
      })
      .run();
    for (const o of rows) {
      db.insert(orders).values({ customerId: cust.id, kind: o.kind, date: o.date, amountFen: o.amountFen }).run();
      if (o.kind === 'order' && o.date.startsWith(String(Number(today.slice(0, 4)) - 1)))
        lastYear.set(ownerId, (lastYear.get(ownerId) ?? 0) + o.amountFen);
    }
    orderCount += rows.length;
  }
  for (const [id, fen] of lastYear) db.update(members).set({ lastYearFen: fen }).where(eq(members.id, id)).run();
  refreshBaselines(services);
  return { members: DEMO_REPS.length + 1, customers: DEMO_CUSTOMERS.length + bookAccounts().length, orders: orderCount };
}

function stageSince(dc: DemoCustomer, rows: Array<{ date: LocalDate; kind: string }>, today: LocalDate): LocalDate {
  if (dc.stage === 'incubating') return rows.find((r) => r.kind === 'order')?.date ?? addDays(today, -60);
  // Declining customers entered the stage about five weeks ago, so the entry pack is live.
  if (dc.stage === 'declining') return addDays(weekStart(today), -35);
  return quarterStart(shiftQuarter(quarterOf(today), -4));
}

function seedPlans(services: Services, today: LocalDate): number {
  const { calendar } = services;
  const from = quarterStart(shiftQuarter(quarterOf(today), -1));
  const to = quarterEnd(quarterOf(today));
  const actions = services.repos.actionTypes.all();
  let n = 0;
  for (const m of services.repos.members.all().filter((x) => x.role === 'rep')) {
    const custs = services.repos.customers.ownedBy(m.id).map((c) => ({ id: c.id, stage: c.stage, stageSince: c.stageSince }));
    const items = generateDueItems({ memberId: m.id, customers: custs, actions, from, to, calendar });
    n += services.repos.dueItems.insertMany(items.map((i) => ({ ...i, memberId: m.id })));
  }
  return n;
}

/** Logs over the whole planned span (last quarter to yesterday), so no planned month looks idle; laggards complete less. */
function seedLogs(services: Services, today: LocalDate, rand: () => number): number {
  const from = quarterStart(shiftQuarter(quarterOf(today), -1));
  const yesterday = addDays(today, -1);
  let n = 0;
  for (const m of services.repos.members.all().filter((x) => x.role === 'rep')) {
    const rate = DEMO_LAGGARDS[m.name] ?? 0.86;
    for (const item of services.repos.dueItems.forMemberBetween(m.id, from, yesterday)) {
      if (rand() >= rate || keepOpenForFirstTry(services, item, today)) continue;
      const back = Math.floor(rand() * 3);
      const day = daysBetween(item.windowStart, addDays(item.dueDate, -back)) >= 0 ? addDays(item.dueDate, -back) : item.dueDate;
      const customer = services.repos.customers.byId(item.customerId)!;
      const action = services.repos.actionTypes.all().find((a) => a.code === item.actionCode)!;
      // Recorded on the day it happened (18:00 in Asia/Shanghai), not at seed time: /撤销's 24 hours
      // then reach yesterday's logs only, as they would for a real team.
      const recordedAt = Date.parse(`${day}T10:00:00Z`);
      writeLog(services, { by: m, customer, action, date: day, note: null, platform: 'demo', sourceId: `demo-${item.id}`, recordedAt });
      n++;
    }
  }
  return n;
}

/** The README's first command (/log 现场回访 华东重工 as 小李) should complete a real item: leave it open. */
function keepOpenForFirstTry(
  services: Services,
  item: { customerId: number; actionCode: string; windowStart: LocalDate; windowEnd: LocalDate },
  today: LocalDate,
): boolean {
  if (item.actionCode !== 'onsite_revisit' || item.windowStart > today || item.windowEnd < today) return false;
  return services.repos.customers.byId(item.customerId)?.name === '华东重工';
}
