import { quarterEnd, quarterOf, quarterStart, weekStart } from '../../domain/dates.js';
import { STAGE_LABELS, STAGES } from '../../domain/stages.js';
import type { Services } from '../../services.js';
import { regionSplit } from '../access/scope.js';
import { heatOf } from '../metrics/board.js';
import type { ScopedData } from './export.js';
import { type Cell, type Column, type ColumnKind, type Table, table } from './workbook.js';

// The report exports: battle maps, target split and action logs (the board: export-board.ts).
// Money is passed in 分 to 'yuan' columns, which write 元.

const HEAT_LABELS = { green: '绿', yellow: '黄', red: '红' } as const;
const STATUS_LABELS = { open: '待完成', done: '已完成', cancelled: '已取消' } as const;
const BASIS_LABELS = { baseline: '基线', potential: '年度潜力', median: '孵化中位数', even: '平均分配' } as const;
const LOG_STATUS = { valid: '有效', rejected: '不合格', voided: '已撤销' } as const;

/** Each rep's customers with expected contribution and heat, and this quarter's due items. */
export function mapTables(services: Services, d: ScopedData): Table[] {
  const today = services.today();
  const heat = heatOf(services, d.customers);
  const shares = new Map<number, number>();
  for (const id of new Set(d.customers.map((c) => c.regionId))) {
    const region = services.repos.regions.byId(id);
    const split = region ? regionSplit(services, region) : null;
    for (const c of split?.split.customers ?? []) shares.set(c.customerId, c.shareFen);
  }
  const owner = new Map(services.repos.members.all().map((m) => [m.id, m.name]));
  const sorted = [...d.customers].sort((a, b) => a.ownerId - b.ownerId || STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage) || a.id - b.id);
  const map = table(
    '作战地图',
    [
      { header: '销售', width: 10 },
      { header: '客户', width: 20 },
      { header: '阶段', width: 8 },
      { header: '基线(元)', kind: 'yuan', width: 16 },
      { header: '预期贡献(元)', kind: 'yuan', width: 16 },
      { header: '热度', width: 6 },
      { header: '热度说明', width: 40 },
    ],
    sorted.map((c) => [
      owner.get(c.ownerId) ?? null,
      c.name,
      STAGE_LABELS[c.stage],
      c.baselineFen,
      shares.get(c.id) ?? null,
      HEAT_LABELS[heat.get(c.id)!.colour],
      heat.get(c.id)!.reason,
    ]),
    { fills: sorted.map((c) => [null, null, null, null, null, heat.get(c.id)!.colour, null]) },
  );
  const q = quarterOf(today);
  const customer = new Map(d.customers.map((c) => [c.id, c.name]));
  const action = new Map(services.repos.actionTypes.all().map((a) => [a.code, a.name]));
  const items = services.repos.scopeReads
    .dueItemsOf(d.customers.map((c) => c.id))
    .filter((i) => i.dueDate >= quarterStart(q) && i.dueDate <= quarterEnd(q) && i.status !== 'cancelled');
  const due = table(
    '本季动作',
    [
      { header: '销售', width: 10 },
      { header: '客户', width: 20 },
      { header: '动作', width: 14 },
      { header: '周一', kind: 'date', width: 12 },
      { header: '截止日期', kind: 'date', width: 12 },
      { header: '状态', width: 8 },
      { header: '逾期', width: 6 },
    ],
    items.map((i) => [
      owner.get(i.memberId) ?? null,
      customer.get(i.customerId) ?? null,
      action.get(i.actionCode) ?? i.actionCode,
      weekStart(i.dueDate),
      i.dueDate,
      STATUS_LABELS[i.status],
      i.status === 'open' && i.dueDate < today ? '是' : null,
    ]),
  );
  return [map, due];
}

// Exports are for managers, who see a draft too; each row says which version it is.
const SPLIT_SOURCE = { published: '已发布', draft: '草稿（未发布）', computed: '按当前客户测算（未保存）' } as const;

/** The target split per rep (with the old way beside it) and per customer, per region. */
export function targetTables(services: Services, d: ScopedData): Table[] {
  const reps: Cell[][] = [];
  const customers: Cell[][] = [];
  const owner = new Map(services.repos.members.all().map((m) => [m.id, m.name]));
  for (const id of [...new Set(d.customers.map((c) => c.regionId))].sort((a, b) => a - b)) {
    const region = services.repos.regions.byId(id);
    const rs = region ? regionSplit(services, region) : null;
    if (!rs) continue;
    for (const r of rs.split.reps) {
      reps.push([
        rs.region.name,
        rs.period,
        SPLIT_SOURCE[rs.source],
        r.name,
        ...STAGES.map((s) => r.stageCounts[s]),
        r.customerFen,
        r.reserveFen,
        r.adjustFen,
        r.targetFen,
        r.oldWayFen,
        r.diffFen,
        r.reason,
      ]);
    }
    reps.push([
      rs.region.name,
      rs.period,
      SPLIT_SOURCE[rs.source],
      '（未分配的新市场储备）',
      null,
      null,
      null,
      null,
      null,
      rs.split.reserveFen,
      null,
      null,
      null,
      null,
      null,
    ]);
    for (const c of rs.split.customers) {
      customers.push([
        rs.region.name,
        c.name,
        owner.get(c.ownerId) ?? null,
        STAGE_LABELS[c.stage],
        c.basisFen,
        BASIS_LABELS[c.basisSource],
        c.shareFen,
      ]);
    }
  }
  const y = (header: string, width = 16): Column => ({ header, kind: 'yuan', width });
  return [
    table(
      '目标拆分',
      [
        { header: '区域', width: 10 },
        { header: '期间', width: 8 },
        { header: '版本', width: 14 },
        { header: '销售', width: 12 },
        ...STAGES.map((s): Column => ({ header: `${STAGE_LABELS[s]}客户数`, kind: 'int', width: 10 })),
        y('客户份额(元)'),
        y('储备(元)'),
        y('调整(元)'),
        y('目标(元)'),
        y('老办法(元)'),
        y('差异(元)'),
        { header: '说明', width: 60 },
      ],
      reps,
    ),
    table(
      '客户份额',
      [
        { header: '区域', width: 10 },
        { header: '客户', width: 20 },
        { header: '负责人', width: 10 },
        { header: '阶段', width: 8 },
        y('依据(元)'),
        { header: '依据来源', width: 10 },
        y('份额(元)'),
      ],
      customers,
    ),
  ];
}

/** Every action log of the scope's customers, oldest first, with its status. */
export function logsTable(services: Services, d: ScopedData): Table {
  const who = new Map(services.repos.members.all().map((m) => [m.id, m.name]));
  const customer = new Map(d.customers.map((c) => [c.id, c.name]));
  const actions = new Map(services.repos.actionTypes.all().map((a) => [a.code, a]));
  const tz = services.config.TEAM_TIMEZONE;
  // 'YYYY-MM-DD HH:MM' in the team's zone: the 'datetime' column writes it as that local time.
  const fmt = new Intl.DateTimeFormat('sv-SE', { timeZone: tz, dateStyle: 'short', timeStyle: 'short' });
  const rows = services.repos.scopeReads
    .logsOf(d.customers.map((c) => c.id))
    .map((l) => [
      l.occurredOn,
      who.get(l.memberId) ?? null,
      who.get(l.loggedById) ?? null,
      customer.get(l.customerId) ?? null,
      actions.get(l.actionCode)?.name ?? l.actionCode,
      actions.get(l.actionCode)?.stage ? '动作包' : '包外（不计入）',
      LOG_STATUS[l.status],
      l.note,
      l.sourcePlatform,
      fmt.format(new Date(l.createdAt)),
    ]);
  const widths = [12, 10, 10, 20, 14, 14, 8, 30, 10, 18];
  const headers = ['日期', '销售', '记录人', '客户', '动作', '类别', '状态', '备注', '来源', '记录时间'];
  const kinds: Record<string, ColumnKind> = { 日期: 'date', 记录时间: 'datetime' };
  return table(
    '动作记录',
    headers.map((header, i) => ({ header, width: widths[i], kind: kinds[header] })),
    rows,
  );
}
