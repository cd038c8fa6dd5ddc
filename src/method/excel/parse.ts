import { parseStage } from '../../domain/stages.js';
import { parseAmountCell, parseDateCell } from './cells.js';
import { dedupe, type Located, locate, rowReader } from './parse-sheet.js';
import {
  ACTION_LOG_SHEET,
  CUSTOMER_SHEET,
  IMPORT_SHEETS,
  MEMBER_SHEET,
  ORDER_SHEET,
  parseAliases,
  parseKind,
  parseRole,
  STAGE_HISTORY_SHEET,
} from './sheets.js';
import type { CustomerIn, LogIn, MemberIn, OrderIn, ParsedFile, Problem, StageHistoryIn } from './types.js';
import type { RawSheet } from './workbook.js';

// From raw sheets to typed rows: find the sheets and columns by their Chinese headers, parse each
// cell, and collect every problem (not just the first) with its sheet, row and column.

function readMembers(loc: Located<(typeof MEMBER_SHEET.columns)[number]['key']>, problems: Problem[], partial: MemberIn[]): MemberIn[] {
  const out: MemberIn[] = [];
  for (const row of loc.sheet.rows) {
    const before = problems.length;
    const r = rowReader(loc, row, problems);
    const name = r.text('name', true);
    const role = r.word('role', parseRole, '请写 销售、主管 或 管理员');
    const rec = {
      row: row.row,
      name: name ?? '',
      role,
      region: r.text('region'),
      manager: r.text('manager'),
      lastYearFen: r.parsed('lastYear', parseAmountCell),
    };
    // A row with a problem is kept aside: planImport still checks its other cells.
    (problems.length === before ? out : partial).push(rec);
  }
  dedupe(out, (m) => m.name, loc.sheet.name, '姓名', '姓名', problems);
  return out;
}

function readCustomers(
  loc: Located<(typeof CUSTOMER_SHEET.columns)[number]['key']>,
  problems: Problem[],
  partial: CustomerIn[],
): CustomerIn[] {
  const out: CustomerIn[] = [];
  for (const row of loc.sheet.rows) {
    const before = problems.length;
    const r = rowReader(loc, row, problems);
    const name = r.text('name', true);
    const owner = r.text('owner', true);
    const stage = r.word('stage', parseStage, '请写 孵化型、成长型、稳定型 或 衰退型', true);
    const aliases = r.text('aliases');
    const rec = {
      row: row.row,
      name: name ?? '',
      owner: owner ?? '',
      stage: stage ?? 'stable',
      stageSince: r.parsed('stageSince', parseDateCell),
      baselineFen: r.parsed('baseline', parseAmountCell),
      potentialFen: r.parsed('potential', parseAmountCell),
      aliases: aliases === null ? null : parseAliases(aliases),
    };
    // A row with a problem is kept aside: planImport still checks its other cells.
    (problems.length === before ? out : partial).push(rec);
  }
  dedupe(out, (c) => c.name, loc.sheet.name, '客户名称', '客户名称', problems);
  return out;
}

function readOrders(loc: Located<(typeof ORDER_SHEET.columns)[number]['key']>, problems: Problem[], partial: OrderIn[]): OrderIn[] {
  const out: OrderIn[] = [];
  for (const row of loc.sheet.rows) {
    const before = problems.length;
    const r = rowReader(loc, row, problems);
    const rec = {
      row: row.row,
      key: r.text('key'),
      customer: r.text('customer', true) ?? '',
      kind: r.word('kind', parseKind, '请写 订单 或 回款') ?? 'order',
      date: r.parsed('date', parseDateCell, true) ?? '',
      amountFen: r.parsed('amount', parseAmountCell, true) ?? 0,
    };
    // A row with a problem is kept aside: planImport still checks its other cells.
    (problems.length === before ? out : partial).push(rec);
  }
  dedupe(out, (o) => o.key, loc.sheet.name, '订单编号', '订单编号', problems);
  // Without a number, an order is known by customer + type + date + amount: two such rows would be one order.
  dedupe(
    out,
    (o) => (o.key === null ? [o.customer, o.kind, o.date, o.amountFen].join('\u0000') : null),
    loc.sheet.name,
    '订单编号',
    '无编号订单（客户+类型+日期+金额相同）',
    problems,
  );
  return out;
}

function readHistory(
  loc: Located<(typeof STAGE_HISTORY_SHEET.columns)[number]['key']>,
  problems: Problem[],
  partial: StageHistoryIn[],
): StageHistoryIn[] {
  const out: StageHistoryIn[] = [];
  for (const row of loc.sheet.rows) {
    const before = problems.length;
    const r = rowReader(loc, row, problems);
    const rec = {
      row: row.row,
      customer: r.text('customer', true) ?? '',
      stage: r.word('stage', parseStage, '请写 孵化型、成长型、稳定型 或 衰退型', true) ?? 'stable',
      since: r.parsed('since', parseDateCell, true) ?? '',
    };
    // A row with a problem is kept aside: planImport still checks its other cells.
    (problems.length === before ? out : partial).push(rec);
  }
  dedupe(out, (h) => `${h.customer}\u0000${h.since}`, loc.sheet.name, '起始日期', '客户+起始日期', problems);
  return out;
}

function readLogs(loc: Located<(typeof ACTION_LOG_SHEET.columns)[number]['key']>, problems: Problem[], partial: LogIn[]): LogIn[] {
  const out: LogIn[] = [];
  for (const row of loc.sheet.rows) {
    const before = problems.length;
    const r = rowReader(loc, row, problems);
    const rec = {
      row: row.row,
      rep: r.text('rep', true) ?? '',
      customer: r.text('customer', true) ?? '',
      action: r.text('action', true) ?? '',
      date: r.parsed('date', parseDateCell, true) ?? '',
      note: r.text('note'),
    };
    // A row with a problem is kept aside: planImport still checks its other cells.
    (problems.length === before ? out : partial).push(rec);
  }
  return out;
}

export function parseWorkbook(raw: RawSheet[]): ParsedFile {
  const problems: Problem[] = [];
  const m = locate(raw, MEMBER_SHEET, problems);
  const c = locate(raw, CUSTOMER_SHEET, problems);
  const o = locate(raw, ORDER_SHEET, problems);
  const h = locate(raw, STAGE_HISTORY_SHEET, problems);
  const l = locate(raw, ACTION_LOG_SHEET, problems);
  const sheets = [m, c, o, h, l].filter((x) => x !== null).map((x) => x.sheet.name);
  if (sheets.length === 0) {
    // The history sheets are optional extras: the message names the three a file needs.
    const want = IMPORT_SHEETS.slice(0, 3)
      .map((s) => s.name)
      .join('、');
    problems.push({
      sheet: '（文件）',
      row: null,
      column: null,
      reason: `没有找到 ${want} 工作表；请从看板下载模板，按模板的表名和表头填写`,
    });
  }
  const missingCols = problems.length > 0;
  const partial: ParsedFile['partial'] = { members: [], customers: [], orders: [], stageHistory: [], logs: [] };
  // A sheet missing a required column is not read row by row: every row would repeat the same problem.
  return {
    members: m && !missingCols ? readMembers(m, problems, partial.members) : [],
    customers: c && !missingCols ? readCustomers(c, problems, partial.customers) : [],
    orders: o && !missingCols ? readOrders(o, problems, partial.orders) : [],
    stageHistory: h && !missingCols ? readHistory(h, problems, partial.stageHistory) : [],
    logs: l && !missingCols ? readLogs(l, problems, partial.logs) : [],
    sheets,
    problems,
    partial,
  };
}
