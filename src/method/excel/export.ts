import { aliasesOf, type Customer } from '../../db/repos/customers.repo.js';
import type { Member } from '../../db/repos/members.repo.js';
import { STAGE_LABELS } from '../../domain/stages.js';
import type { Services } from '../../services.js';
import { boardTable, logsTable, mapTables, targetTables } from './export-reports.js';
import {
  CUSTOMER_SHEET,
  IMPORT_SHEETS,
  joinAliases,
  KIND_LABELS,
  MEMBER_SHEET,
  ORDER_SHEET,
  ROLE_LABELS,
  type SheetDef,
} from './sheets.js';
import type { Table } from './workbook.js';

// Exports. `data` is the import's own three sheets, written so that importing the file back
// changes nothing: dates as text, money in 元 as numbers, every optional column filled. The
// others are reports (weekly board, battle maps, target split, action logs).

export const EXPORT_KINDS = ['data', 'board', 'maps', 'targets', 'logs'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export const EXPORT_LABELS: Record<ExportKind, string> = {
  data: '基础数据',
  board: '周看板',
  maps: '作战地图',
  targets: '目标拆分',
  logs: '动作记录',
};

/** What an export covers: null = every region (the command line, an admin). */
export interface ExportScope {
  regionIds: number[] | null;
}

export interface ScopedData {
  members: Member[];
  customers: Customer[];
  regionName: Map<number, string>;
}

export function scopedData(services: Services, scope: ExportScope): ScopedData {
  const regions = services.repos.regions.all();
  const keep = (id: number | null) => scope.regionIds === null || (id !== null && scope.regionIds.includes(id));
  return {
    members: services.repos.members.all().filter((m) => keep(m.regionId)),
    customers: services.repos.customers.all().filter((c) => keep(c.regionId)),
    regionName: new Map(regions.map((r) => [r.id, r.name])),
  };
}

const yuan = (fen: number | null) => (fen === null ? null : fen / 100);
const headers = (def: SheetDef) => def.columns.map((c) => c.header);
const widths = (def: SheetDef) => def.columns.map((c) => c.width);

function dataTables(services: Services, d: ScopedData): Table[] {
  const name = new Map(services.repos.members.all().map((m) => [m.id, m.name]));
  const members: Table = {
    name: MEMBER_SHEET.name,
    headers: headers(MEMBER_SHEET),
    widths: widths(MEMBER_SHEET),
    rows: d.members.map((m) => [
      m.name,
      ROLE_LABELS[m.role],
      m.regionId === null ? null : (d.regionName.get(m.regionId) ?? null),
      m.managerId === null ? null : (name.get(m.managerId) ?? null),
      yuan(m.lastYearFen),
    ]),
  };
  const customers: Table = {
    name: CUSTOMER_SHEET.name,
    headers: headers(CUSTOMER_SHEET),
    widths: widths(CUSTOMER_SHEET),
    rows: d.customers.map((c) => [
      c.name,
      name.get(c.ownerId) ?? null,
      STAGE_LABELS[c.stage],
      c.stageSince,
      yuan(c.baselineFen),
      yuan(c.potentialFen),
      joinAliases(aliasesOf(c)) || null,
    ]),
  };
  const customerName = new Map(d.customers.map((c) => [c.id, c.name]));
  // Orders without a number (demo, chat) are written with an empty 订单编号: the import then
  // recognises them by customer + type + date + amount, so the round trip still changes nothing.
  const orders: Table = {
    name: ORDER_SHEET.name,
    headers: headers(ORDER_SHEET),
    widths: widths(ORDER_SHEET),
    rows: services.repos.scopeReads
      .allOrders(d.customers.map((c) => c.id))
      .map((o) => [o.externalKey, customerName.get(o.customerId) ?? null, KIND_LABELS[o.kind], o.date, yuan(o.amountFen)]),
  };
  return [members, customers, orders];
}

export function exportTables(services: Services, kind: ExportKind, scope: ExportScope = { regionIds: null }): Table[] {
  const d = scopedData(services, scope);
  switch (kind) {
    case 'data':
      return dataTables(services, d);
    case 'board':
      return [boardTable(services, d)];
    case 'maps':
      return mapTables(services, d);
    case 'targets':
      return targetTables(services, d);
    case 'logs':
      return [logsTable(services, d)];
  }
}

/** The downloadable template: every sheet the import reads, with its headers, and a 说明 sheet that explains each column. */
export function templateTables(): Table[] {
  const sheets = IMPORT_SHEETS as readonly SheetDef[];
  const help: Table = {
    name: '说明',
    headers: ['工作表', '列', '必填', '说明'],
    widths: [10, 16, 8, 60],
    rows: sheets.flatMap((s) => s.columns.map((c) => [s.name, c.header, c.required ? '是' : '', c.hint])),
  };
  return [...sheets.map((s) => ({ name: s.name, headers: headers(s), widths: widths(s), rows: [] })), help];
}
