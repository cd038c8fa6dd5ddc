import { and, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { Customer } from '../../db/repos/customers.repo.js';
import type { Member } from '../../db/repos/members.repo.js';
import { orders } from '../../db/schema.js';
import type { Services } from '../../services.js';
import type { ImportOptions, MemberOp, ParsedFile, Problem } from './types.js';
import { chunked } from '../../db/repos/chunks.js';

// A snapshot of what the database holds, indexed by the import's stable keys (member name,
// customer name, order number), plus helpers that resolve a name to its final state: a name in
// the file wins over the database, since applying the file makes it so.

export type OrderRecord = typeof orders.$inferSelect;

export interface PlanContext {
  services: Services;
  opts: ImportOptions;
  today: string;
  problems: Problem[];
  file: ParsedFile;
  dbMembers: Map<string, Member[]>;
  memberById: Map<number, Member>;
  regionById: Map<number, string>;
  regionNames: Set<string>;
  dbCustomers: Map<string, Customer>;
  customerById: Map<number, Customer>;
  /** Member ops by name, filled by planMembers before customers and orders are planned. */
  memberOps: Map<string, MemberOp>;
}

export function buildContext(services: Services, file: ParsedFile, opts: ImportOptions): PlanContext {
  const dbMembers = new Map<string, Member[]>();
  const all = services.repos.members.all();
  for (const m of all) dbMembers.set(m.name, [...(dbMembers.get(m.name) ?? []), m]);
  const regions = services.repos.regions.all();
  const customers = services.repos.customers.all();
  return {
    services, opts, file, today: services.today(), problems: [...file.problems],
    dbMembers, memberById: new Map(all.map((m) => [m.id, m])),
    regionById: new Map(regions.map((r) => [r.id, r.name])), regionNames: new Set(regions.map((r) => r.name)),
    dbCustomers: new Map(customers.map((c) => [c.name, c])), customerById: new Map(customers.map((c) => [c.id, c])),
    memberOps: new Map(),
  };
}

/** Where a member will be after the import: null when the name is unknown or ambiguous. */
export function finalMember(ctx: PlanContext, name: string): { region: string | null } | 'unknown' | 'ambiguous' {
  const op = ctx.memberOps.get(name);
  if (op) return { region: op.values.region };
  const found = ctx.dbMembers.get(name) ?? [];
  if (found.length > 1) return 'ambiguous';
  const m = found[0];
  if (!m) return 'unknown';
  return { region: m.regionId === null ? null : ctx.regionById.get(m.regionId) ?? null };
}

/** The region a customer will be in after the import, or null when the customer is unknown. */
export function finalCustomerRegion(ctx: PlanContext, name: string): { region: string | null } | null {
  const row = ctx.file.customers.find((c) => c.name === name);
  if (row) {
    const owner = finalMember(ctx, row.owner);
    return typeof owner === 'string' ? { region: null } : owner;
  }
  const c = ctx.dbCustomers.get(name);
  return c ? { region: ctx.regionById.get(c.regionId) ?? null } : null;
}

/** The region rule of a manager's upload; true when the row may be imported. */
export function inScope(ctx: PlanContext, region: string | null, sheet: string, row: number, column: string, what: string): boolean {
  const only = ctx.opts.regionName;
  if (!only || region === only) return true;
  ctx.problems.push({ sheet, row, column, reason: `${what}属于「${region ?? '无区域'}」，你只能导入本区域（${only}）的数据` });
  return false;
}

export function ordersByKey(services: Services, keys: string[]): Map<string, OrderRecord> {
  if (keys.length === 0) return new Map();
  const rows = chunked(keys, (slice) => services.db.select().from(orders).where(and(isNotNull(orders.externalKey), inArray(orders.externalKey, slice))).all());
  return new Map(rows.map((r) => [r.externalKey!, r]));
}

/** Orders without a number of these customers, by customer + kind + date + amount. */
export function keylessOrders(services: Services, customerIds: number[]): Map<string, OrderRecord> {
  if (customerIds.length === 0) return new Map();
  const rows = chunked(customerIds, (ids) => services.db.select().from(orders).where(and(isNull(orders.externalKey), inArray(orders.customerId, ids))).all());
  return new Map(rows.map((r) => [naturalKey(r.customerId, r.kind, r.date, r.amountFen), r]));
}

export const naturalKey = (customerId: number, kind: string, date: string, amountFen: number) => `${customerId}|${kind}|${date}|${amountFen}`;
