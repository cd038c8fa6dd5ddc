import { aliasesOf, type Customer } from '../../db/repos/customers.repo.js';
import type { Member } from '../../db/repos/members.repo.js';
import type { Region } from '../../db/repos/regions.repo.js';
import { STAGE_LABELS } from '../../domain/stages.js';
import type { Services } from '../../services.js';
import { boardTables } from './export-board.js';
import { logsTable, mapTables, targetTables } from './export-reports.js';
import {
  ACTION_LOG_SHEET,
  CUSTOMER_SHEET,
  IMPORT_SHEETS,
  joinAliases,
  KIND_LABELS,
  MEMBER_SHEET,
  ORDER_SHEET,
  ROLE_LABELS,
  type SheetDef,
} from './sheets.js';
import { HELP_COLUMNS, TEMPLATE_EXAMPLES, TEMPLATE_RULES } from './template.js';
import { type Cell, type Table, table } from './workbook.js';

// Exports. `data` is the import's own three sheets, written so that importing the file back
// changes nothing: dates as Excel dates, money in 元 as numbers, every optional column filled.
// The others are reports (weekly board with the heat map, battle maps, target split, action logs).

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
  regions: Region[];
  members: Member[];
  customers: Customer[];
  regionName: Map<number, string>;
}

export function scopedData(services: Services, scope: ExportScope): ScopedData {
  const regions = services.repos.regions.all();
  const keep = (id: number | null) => scope.regionIds === null || (id !== null && scope.regionIds.includes(id));
  return {
    regions: regions.filter((r) => keep(r.id)),
    members: services.repos.members.all().filter((m) => keep(m.regionId)),
    customers: services.repos.customers.all().filter((c) => keep(c.regionId)),
    regionName: new Map(regions.map((r) => [r.id, r.name])),
  };
}

const sheet = (def: SheetDef, rows: Cell[][], examples = 0) => table(def.name, def.columns, rows, { examples });

function dataTables(services: Services, d: ScopedData): Table[] {
  const name = new Map(services.repos.members.all().map((m) => [m.id, m.name]));
  const members = sheet(
    MEMBER_SHEET,
    d.members.map((m) => [
      m.name,
      ROLE_LABELS[m.role],
      m.regionId === null ? null : (d.regionName.get(m.regionId) ?? null),
      m.managerId === null ? null : (name.get(m.managerId) ?? null),
      m.lastYearFen,
    ]),
  );
  const customers = sheet(
    CUSTOMER_SHEET,
    d.customers.map((c) => [
      c.name,
      name.get(c.ownerId) ?? null,
      STAGE_LABELS[c.stage],
      c.stageSince,
      c.baselineFen,
      c.potentialFen,
      joinAliases(aliasesOf(c)) || null,
    ]),
  );
  const customerName = new Map(d.customers.map((c) => [c.id, c.name]));
  // Orders without a number (demo, chat) are written with an empty 订单编号: the import then
  // recognises them by customer + type + date + amount, so the round trip still changes nothing.
  const orders = sheet(
    ORDER_SHEET,
    services.repos.scopeReads
      .allOrders(d.customers.map((c) => c.id))
      .map((o) => [o.externalKey, customerName.get(o.customerId) ?? null, KIND_LABELS[o.kind], o.date, o.amountFen]),
  );
  return [members, customers, orders];
}

export function exportTables(services: Services, kind: ExportKind, scope: ExportScope = { regionIds: null }): Table[] {
  const d = scopedData(services, scope);
  switch (kind) {
    case 'data':
      return dataTables(services, d);
    case 'board':
      return boardTables(services, d.regions);
    case 'maps':
      return mapTables(services, d);
    case 'targets':
      return targetTables(services, d);
    case 'logs':
      return [logsTable(services, d)];
  }
}

/**
 * The downloadable template: every sheet the import reads, each with one example row (its first
 * cell starts with #, which the import skips: parse.ts), drop-downs for the closed lists, and a
 * 说明 sheet that explains each column. With services, 动作 offers the team's action names.
 */
export function templateTables(services?: Services): Table[] {
  const actions = services?.repos.actionTypes.all().map((a) => a.name) ?? [];
  const sheets = IMPORT_SHEETS.map((s) =>
    s === ACTION_LOG_SHEET && actions.length
      ? { ...s, columns: s.columns.map((c) => (c.key === 'action' ? { ...c, list: actions } : c)) }
      : s,
  ) as SheetDef[];
  const help = table('说明', HELP_COLUMNS, [
    ...TEMPLATE_RULES,
    ...sheets.flatMap((s) => s.columns.map((c) => [s.name, c.header, c.required ? '是' : '', c.hint])),
  ]);
  return [...sheets.map((s) => sheet(s, [TEMPLATE_EXAMPLES[s.name] ?? []], 1)), help];
}
