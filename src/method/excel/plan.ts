import { aliasesOf } from '../../db/repos/customers.repo.js';
import { baselineWindow } from '../../domain/baseline.js';
import { formatFen } from '../../domain/money.js';
import { STAGE_LABELS } from '../../domain/stages.js';
import type { Services } from '../../services.js';
import {
  buildContext,
  finalCustomerRegion,
  finalMember,
  inScope,
  keylessOrders,
  naturalKey,
  ordersByKey,
  type PlanContext,
} from './context.js';
import { planLogs, planStageHistory } from './plan-history.js';
import { CUSTOMER_SHEET, IMPORT_SHEETS, joinAliases, KIND_LABELS, MEMBER_SHEET, ORDER_SHEET, ROLE_LABELS } from './sheets.js';
import type { Action, CustomerOp, ImportOptions, ImportPlan, MemberIn, MemberOp, OrderOp, ParsedFile } from './types.js';

// The plan of an import: for every row, create / update / unchanged against the database by the
// stable key (member name, customer name, order number), with what would change in words. Nothing
// is written here; apply.ts carries out a plan that has no problems.

type Diff = [label: string, before: string, after: string];

function diffs(pairs: Diff[]): string[] {
  return pairs.filter(([, a, b]) => a !== b).map(([l, a, b]) => `${l}：${a || '（空）'} → ${b || '（空）'}`);
}

function actionOf(existing: unknown, details: string[]): Action {
  return existing == null ? 'create' : details.length > 0 ? 'update' : 'unchanged';
}

/** The region a new member gets when the cell is empty: the upload's region or the only one. */
function defaultRegion(ctx: PlanContext): string | null {
  if (ctx.opts.regionName) return ctx.opts.regionName;
  return ctx.regionNames.size === 1 ? [...ctx.regionNames][0]! : null;
}

/** A row's problems, every one of them (a row is not stopped at its first): `failed` says whether there was any. */
function rowProblems(ctx: PlanContext, sheet: string, row: number) {
  const r = {
    failed: false,
    fail: (column: string, reason: string) => {
      ctx.problems.push({ sheet, row, column, reason });
      r.failed = true;
    },
    /** inScope records its own problem. */
    scope: (region: string | null, column: string, what: string): boolean => {
      const ok = inScope(ctx, region, sheet, row, column, what);
      if (!ok) r.failed = true;
      return ok;
    },
  };
  return r;
}

function planMember(ctx: PlanContext, row: MemberIn): MemberOp | null {
  const sheet = MEMBER_SHEET.name;
  const found = ctx.dbMembers.get(row.name) ?? [];
  const p = rowProblems(ctx, sheet, row.row);
  if (found.length > 1) p.fail('姓名', `系统中有 ${found.length} 个同名成员「${row.name}」，无法按姓名更新；请先在系统中区分姓名`);
  const ex = found.length === 1 ? found[0]! : null;
  const exRegion = ex?.regionId ? (ctx.regionById.get(ex.regionId) ?? null) : null;
  const exManager = ex?.managerId ? (ctx.memberById.get(ex.managerId)?.name ?? null) : null;
  const role = row.role ?? ex?.role ?? 'rep';
  const region = row.region ?? exRegion ?? defaultRegion(ctx);
  if (region === null && role !== 'admin') p.fail('区域', '请填写区域（系统里有多个区域或还没有区域，无法默认）');
  const admin = ctx.opts.regionName && (role === 'admin' || ex?.role === 'admin');
  if (ctx.opts.regionName && role === 'admin') p.fail('角色', '只有管理员可以导入管理员；请把角色改为销售或主管，或请管理员导入');
  // A region-limited upload must not reach outside its region: checking only where the member ends
  // up would let it pull another region's rep in, or demote an admin who has no region.
  else if (ctx.opts.regionName && ex?.role === 'admin')
    p.fail('角色', `「${row.name}」是管理员，本区域的导入不能修改管理员；请删去这一行，或请管理员导入`);
  // One scope problem is enough: a refused admin is not also told about regions, nor a member now
  // outside the region where they would go.
  if (!admin && (!ex || p.scope(exRegion, '区域', `成员「${row.name}」现在`))) p.scope(region, '区域', `成员「${row.name}」`);
  if (row.manager !== null) {
    const known = ctx.file.members.some((m) => m.name === row.manager) || (ctx.dbMembers.get(row.manager)?.length ?? 0) === 1;
    if (row.manager === row.name) p.fail('直属主管', '直属主管不能是本人');
    else if (!known) p.fail('直属主管', `未知的主管「${row.manager}」：成员表和系统里都没有（或有同名）`);
  }
  if (p.failed) return null;
  const values = { name: row.name, role, region, manager: row.manager ?? exManager, lastYearFen: row.lastYearFen ?? ex?.lastYearFen ?? 0 };
  const details = ex
    ? diffs([
        ['角色', ROLE_LABELS[ex.role], ROLE_LABELS[role]],
        ['区域', exRegion ?? '', region ?? ''],
        ['直属主管', exManager ?? '', values.manager ?? ''],
        ['去年业绩', formatFen(ex.lastYearFen), formatFen(values.lastYearFen)],
      ])
    : [];
  return { sheet, row: row.row, key: row.name, action: actionOf(ex, details), existingId: ex?.id ?? null, details, values };
}

/** Orders, collections and stage dates lie between DATA_START_DATE and today: 1900 or 2099 is a typo. */
const outOfRange = (ctx: PlanContext, date: string) => date < ctx.services.config.DATA_START_DATE || date > ctx.today;
const rangeReason = (ctx: PlanContext, date: string) =>
  `日期 ${date} 超出范围：须在 ${ctx.services.config.DATA_START_DATE} 至今天（${ctx.today}）之间`;

/**
 * Customers whose baseline follows their orders (src/domain/baseline.ts): an order up to the end of
 * the baseline window on file or in this upload. Their 基线金额 cell is not applied (apply.ts
 * recomputes it), so it never shows as a change and re-importing the file changes nothing.
 */
function withOrderHistory(ctx: PlanContext, file: ParsedFile): Set<string> {
  const { to } = baselineWindow(ctx.today);
  const names = new Set(file.orders.filter((o) => o.kind === 'order' && o.date <= to).map((o) => o.customer));
  const ids = file.customers.flatMap((r) => {
    const c = ctx.dbCustomers.get(r.name);
    return c ? [c.id] : [];
  });
  for (const o of ctx.services.repos.orders.forCustomers(ids, 'order')) {
    const name = ctx.customerById.get(o.customerId)?.name;
    if (name && o.date <= to) names.add(name);
  }
  return names;
}

function planCustomer(ctx: PlanContext, row: ParsedFile['customers'][number], followsOrders: boolean): CustomerOp | null {
  const sheet = CUSTOMER_SHEET.name;
  const p = rowProblems(ctx, sheet, row.row);
  // An empty 负责人 was already reported by parse.ts (a partial row: planImport).
  const owner = row.owner === '' ? null : finalMember(ctx, row.owner);
  if (owner === 'unknown') p.fail('负责人', `未知负责人「${row.owner}」：成员表和系统里都没有`);
  else if (owner === 'ambiguous') p.fail('负责人', `系统中有多个名为「${row.owner}」的成员，无法确定负责人`);
  else if (owner?.region === null) p.fail('负责人', `负责人「${row.owner}」没有所属区域，请在成员表填写区域`);
  const ex = ctx.dbCustomers.get(row.name) ?? null;
  const exRegion = ex ? (ctx.regionById.get(ex.regionId) ?? null) : null;
  const exIn = !ex || p.scope(exRegion, '客户名称', `客户「${row.name}」`);
  if (exIn && owner !== null && typeof owner === 'object' && owner.region !== null)
    p.scope(owner.region, '负责人', `负责人「${row.owner}」`);
  if (row.stageSince && outOfRange(ctx, row.stageSince)) p.fail('阶段起始日期', rangeReason(ctx, row.stageSince));
  if (p.failed || owner === null || typeof owner !== 'object' || owner.region === null) return null;
  const exOwner = ex ? (ctx.memberById.get(ex.ownerId)?.name ?? '') : '';
  const values = {
    name: row.name,
    owner: row.owner,
    stage: row.stage,
    stageSince: row.stageSince ?? (ex && ex.stage === row.stage ? ex.stageSince : ctx.today),
    baselineFen: followsOrders ? (ex?.baselineFen ?? 0) : (row.baselineFen ?? ex?.baselineFen ?? 0),
    potentialFen: row.potentialFen ?? ex?.potentialFen ?? null,
    aliases: row.aliases ?? (ex ? aliasesOf(ex) : []),
  };
  const money = (f: number | null) => (f === null ? '' : formatFen(f));
  const details = ex
    ? diffs([
        ['负责人', exOwner, row.owner],
        ['区域', exRegion ?? '', owner.region],
        ['阶段', STAGE_LABELS[ex.stage], STAGE_LABELS[row.stage]],
        ['阶段起始日期', ex.stageSince, values.stageSince],
        ['基线', money(ex.baselineFen), money(values.baselineFen)],
        ['年度潜力', money(ex.potentialFen), money(values.potentialFen)],
        ['别名', joinAliases(aliasesOf(ex)), joinAliases(values.aliases)],
      ])
    : [];
  const stageFrom = ex && ex.stage !== row.stage ? ex.stage : null;
  return { sheet, row: row.row, key: row.name, action: actionOf(ex, details), existingId: ex?.id ?? null, details, values, stageFrom };
}

function planOrders(ctx: PlanContext, rows = ctx.file.orders): OrderOp[] {
  const sheet = ORDER_SHEET.name;
  const byKey = ordersByKey(
    ctx.services,
    rows.flatMap((r) => (r.key ? [r.key] : [])),
  );
  const keyless = keylessOrders(
    ctx.services,
    rows.flatMap((r) => (r.key ? [] : [ctx.dbCustomers.get(r.customer)?.id ?? -1])),
  );
  const ops: OrderOp[] = [];
  for (const row of rows) {
    const p = rowProblems(ctx, sheet, row.row);
    // Empty cells of a partial row (planImport) were reported by parse.ts.
    if (row.date !== '' && outOfRange(ctx, row.date)) p.fail('日期', rangeReason(ctx, row.date));
    const target = row.customer === '' ? null : finalCustomerRegion(ctx, row.customer);
    if (!target && row.customer !== '') p.fail('客户名称', `未知客户「${row.customer}」：客户表和系统里都没有`);
    if (target) p.scope(target.region, '客户名称', `客户「${row.customer}」`);
    if (p.failed || !target) continue;
    const dbCustomer = ctx.dbCustomers.get(row.customer);
    const ex = row.key
      ? (byKey.get(row.key) ?? null)
      : dbCustomer
        ? (keyless.get(naturalKey(dbCustomer.id, row.kind, row.date, row.amountFen)) ?? null)
        : null;
    if (
      ex &&
      row.key &&
      !inScope(
        ctx,
        ctx.regionById.get(ctx.customerById.get(ex.customerId)?.regionId ?? -1) ?? null,
        sheet,
        row.row,
        '订单编号',
        `订单「${row.key}」`,
      )
    )
      continue;
    const details = ex
      ? diffs([
          ['客户', ctx.customerById.get(ex.customerId)?.name ?? '', row.customer],
          ['类型', KIND_LABELS[ex.kind], KIND_LABELS[row.kind]],
          ['日期', ex.date, row.date],
          ['金额', formatFen(ex.amountFen), formatFen(row.amountFen)],
        ])
      : [];
    ops.push({
      sheet,
      row: row.row,
      key: row.key ?? `${row.customer} ${row.date} ${formatFen(row.amountFen)}`,
      action: actionOf(ex, details),
      existingId: ex?.id ?? null,
      details,
      values: { externalKey: row.key, customer: row.customer, kind: row.kind, date: row.date, amountFen: row.amountFen },
    });
  }
  return ops;
}

/** Validates a parsed file against the database and lists what applying it would change. */
export function planImport(services: Services, file: ParsedFile, opts: ImportOptions = {}): ImportPlan {
  const ctx = buildContext(services, file, opts);
  const members = file.members.map((r) => planMember(ctx, r)).filter((o): o is MemberOp => o !== null);
  for (const op of members) ctx.memberOps.set(op.key, op);
  const history = withOrderHistory(ctx, file);
  const customers = file.customers.map((r) => planCustomer(ctx, r, history.has(r.name))).filter((o): o is CustomerOp => o !== null);
  const orders = planOrders(ctx);
  const stageHistory = planStageHistory(ctx);
  const logs = planLogs(ctx);
  // Rows with a bad cell: their other problems too, so one pass over the file lists every problem of a row.
  for (const r of file.partial.members) planMember(ctx, r);
  for (const r of file.partial.customers) planCustomer(ctx, r, false);
  planOrders(ctx, file.partial.orders);
  planStageHistory(ctx, file.partial.stageHistory);
  planLogs(ctx, file.partial.logs);
  const newRegions = [...new Set(members.map((m) => m.values.region).filter((r): r is string => r !== null && !ctx.regionNames.has(r)))];
  const order = (sheet: string) => {
    const i = IMPORT_SHEETS.map((s) => s.name).indexOf(sheet);
    return i < 0 ? -1 : i;
  };
  ctx.problems.sort((a, b) => order(a.sheet) - order(b.sheet) || (a.row ?? 0) - (b.row ?? 0));
  return { sheets: file.sheets, problems: ctx.problems, newRegions, members, customers, orders, stageHistory, logs };
}
