import { createHash } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { chunked } from '../../db/repos/chunks.js';
import { actionLogs } from '../../db/schema.js';
import type { ActionDef } from '../../domain/packs.js';
import { STAGE_LABELS } from '../../domain/stages.js';
import { finalCustomerRegion, finalMember, inScope, type PlanContext } from './context.js';
import { ACTION_LOG_SHEET, STAGE_HISTORY_SHEET } from './sheets.js';
import type { HistoryOp, LogOp } from './types.js';

// The plan of the history sheets: 阶段历史 (earlier stages with their dates) and 动作记录 (past
// action logs). Both are idempotent: a stage already on file for the customer on that date, or a
// log already imported (same rep, customer, action, date, note and occurrence), is unchanged.

/** Local dates of the stage changes already on file, by customer name. */
function knownStages(ctx: PlanContext): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const tz = ctx.services.config.TEAM_TIMEZONE;
  for (const regionId of ctx.regionById.keys()) {
    for (const h of ctx.services.repos.stages.changesInRegion(regionId, tz)) {
      const name = ctx.customerById.get(h.customerId)?.name;
      if (name === undefined) continue;
      const set = out.get(name) ?? new Set<string>();
      set.add(`${h.to}|${h.at}`);
      out.set(name, set);
    }
  }
  return out;
}

export function planStageHistory(ctx: PlanContext, rows = ctx.file.stageHistory): HistoryOp[] {
  const sheet = STAGE_HISTORY_SHEET.name;
  const known = knownStages(ctx);
  const since = new Map(ctx.file.customers.map((c) => [c.name, c.stageSince ?? ctx.dbCustomers.get(c.name)?.stageSince ?? null]));
  const ops: HistoryOp[] = [];
  for (const row of rows) {
    const fail = (column: string, reason: string) => ctx.problems.push({ sheet, row: row.row, column, reason });
    const target = finalCustomerRegion(ctx, row.customer);
    if (!target) {
      // An empty 客户名称 (a partial row: planImport) was reported by parse.ts.
      if (row.customer !== '') fail('客户名称', `未知客户「${row.customer}」：客户表和系统里都没有`);
      continue;
    }
    if (!inScope(ctx, target.region, sheet, row.row, '客户名称', `客户「${row.customer}」`)) continue;
    const current = since.get(row.customer) ?? ctx.dbCustomers.get(row.customer)?.stageSince ?? null;
    if (current !== null && row.since !== '' && row.since >= current) {
      fail('起始日期', `${row.since} 不早于客户表的阶段起始日期 ${current}；阶段历史只填更早的阶段，当前阶段写在客户表`);
      continue;
    }
    const exists = known.get(row.customer)?.has(`${row.stage}|${row.since}`) ?? false;
    ops.push({
      sheet,
      row: row.row,
      key: `${row.customer} ${row.since} ${STAGE_LABELS[row.stage]}`,
      action: exists ? 'unchanged' : 'create',
      existingId: null,
      details: [],
      values: { customer: row.customer, stage: row.stage, since: row.since },
    });
  }
  return ops;
}

function actionIndex(actions: ActionDef[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const a of actions) for (const w of [a.code, a.name, ...a.aliases]) if (!out.has(w.toLowerCase())) out.set(w.toLowerCase(), a.code);
  return out;
}

const sourceIdOf = (parts: string[], n: number) =>
  `import:${createHash('sha1').update(parts.join('\u0000')).digest('hex').slice(0, 24)}#${n}`;

export function planLogs(ctx: PlanContext, rows = ctx.file.logs): LogOp[] {
  const sheet = ACTION_LOG_SHEET.name;
  const actions = actionIndex(ctx.services.repos.actionTypes.all());
  const seen = new Map<string, number>();
  const ops: LogOp[] = [];
  for (const row of rows) {
    // Every problem of the row, not the first; empty cells of a partial row (planImport) were reported by parse.ts.
    const before = ctx.problems.length;
    const fail = (column: string, reason: string) => ctx.problems.push({ sheet, row: row.row, column, reason });
    const rep = row.rep === '' ? null : finalMember(ctx, row.rep);
    if (rep === 'unknown') fail('销售', `未知成员「${row.rep}」：成员表和系统里都没有`);
    if (rep === 'ambiguous') fail('销售', `系统中有多个名为「${row.rep}」的成员，无法确定是谁`);
    const target = row.customer === '' ? null : finalCustomerRegion(ctx, row.customer);
    if (!target && row.customer !== '') fail('客户', `未知客户「${row.customer}」：客户表和系统里都没有`);
    if (target) inScope(ctx, target.region, sheet, row.row, '客户', `客户「${row.customer}」`);
    const code = row.action === '' ? null : actions.get(row.action.trim().toLowerCase());
    if (code === undefined) fail('动作', `无法识别的动作「${row.action}」：请写动作名或别名，如 高层拜访、技术答疑（/帮助 里有完整列表）`);
    if (ctx.problems.length > before || !code || !rep || !target) continue;
    const parts = [row.rep, row.customer, code, row.date, row.note ?? ''];
    const k = parts.join('\u0000');
    const n = (seen.get(k) ?? 0) + 1;
    seen.set(k, n);
    ops.push({
      sheet,
      row: row.row,
      key: `${row.rep} ${row.customer} ${row.action} ${row.date}`,
      action: 'create',
      existingId: null,
      details: [],
      values: { rep: row.rep, customer: row.customer, actionCode: code, date: row.date, note: row.note, sourceId: sourceIdOf(parts, n) },
    });
  }
  const ids = ops.map((o) => o.values.sourceId);
  const existing = new Set(
    chunked(ids, (slice) =>
      ctx.services.db
        .select({ id: actionLogs.sourceMessageId })
        .from(actionLogs)
        .where(and(eq(actionLogs.sourcePlatform, 'excel'), inArray(actionLogs.sourceMessageId, slice)))
        .all(),
    ).map((r) => r.id),
  );
  for (const op of ops) if (existing.has(op.values.sourceId)) op.action = 'unchanged';
  return ops;
}
