import { groupBy } from '../../domain/collections.js';
import { completionTrend, percent } from '../../domain/completion.js';
import { isoWeek, quarterEnd, quarterOf, quarterStart, weekStart } from '../../domain/dates.js';
import { STAGE_LABELS, STAGES } from '../../domain/stages.js';
import type { Services } from '../../services.js';
import { regionSplit } from '../access/scope.js';
import { heatOf, recentWeeks } from '../metrics/board.js';
import type { ScopedData } from './export.js';
import type { Cell, Table } from './workbook.js';

// The report exports: weekly board, battle maps, target split and action logs. Money in 元.

const yuan = (fen: number | null) => (fen === null ? null : fen / 100);
const HEAT_LABELS = { green: '绿', yellow: '黄', red: '红' } as const;
const STATUS_LABELS = { open: '待完成', done: '已完成', cancelled: '已取消' } as const;
const BASIS_LABELS = { baseline: '基线', potential: '年度潜力', median: '孵化中位数', even: '平均分配' } as const;
const LOG_STATUS = { valid: '有效', rejected: '不合格', voided: '已撤销' } as const;

/** Per rep and per week (the last 8 ISO weeks, this one in progress): due, done, rate. */
export function boardTable(services: Services, d: ScopedData): Table {
  const weeks = recentWeeks(services.today(), 8);
  const byRep = groupBy(services.repos.scopeReads.dueItemsOf(d.customers.map((c) => c.id)), (i) => i.memberId);
  const rows: Cell[][] = [];
  for (const m of d.members.filter((x) => x.role === 'rep')) {
    for (const p of completionTrend(byRep.get(m.id) ?? [], weeks)) {
      rows.push([
        d.regionName.get(m.regionId ?? -1) ?? null,
        m.name,
        p.week,
        isoWeek(p.week),
        p.due,
        p.done,
        p.rate === null ? null : percent(p.rate),
      ]);
    }
  }
  return {
    name: '周看板',
    headers: ['区域', '销售', '周一', '周次', '应完成', '已完成', '完成率'],
    widths: [10, 10, 12, 10, 8, 8, 8],
    rows,
  };
}

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
  const map: Table = {
    name: '作战地图',
    headers: ['销售', '客户', '阶段', '基线(元)', '预期贡献(元)', '热度', '热度说明'],
    widths: [10, 20, 8, 14, 14, 6, 40],
    rows: sorted.map((c) => [
      owner.get(c.ownerId) ?? null,
      c.name,
      STAGE_LABELS[c.stage],
      yuan(c.baselineFen),
      yuan(shares.get(c.id) ?? null),
      HEAT_LABELS[heat.get(c.id)!.colour],
      heat.get(c.id)!.reason,
    ]),
  };
  const q = quarterOf(today);
  const customer = new Map(d.customers.map((c) => [c.id, c.name]));
  const action = new Map(services.repos.actionTypes.all().map((a) => [a.code, a.name]));
  const items = services.repos.scopeReads
    .dueItemsOf(d.customers.map((c) => c.id))
    .filter((i) => i.dueDate >= quarterStart(q) && i.dueDate <= quarterEnd(q) && i.status !== 'cancelled');
  const due: Table = {
    name: '本季动作',
    headers: ['销售', '客户', '动作', '周一', '截止日期', '状态', '逾期'],
    widths: [10, 20, 14, 12, 12, 8, 6],
    rows: items.map((i) => [
      owner.get(i.memberId) ?? null,
      customer.get(i.customerId) ?? null,
      action.get(i.actionCode) ?? i.actionCode,
      weekStart(i.dueDate),
      i.dueDate,
      STATUS_LABELS[i.status],
      i.status === 'open' && i.dueDate < today ? '是' : null,
    ]),
  };
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
        yuan(r.customerFen),
        yuan(r.reserveFen),
        yuan(r.adjustFen),
        yuan(r.targetFen),
        yuan(r.oldWayFen),
        yuan(r.diffFen),
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
      yuan(rs.split.reserveFen),
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
        yuan(c.basisFen),
        BASIS_LABELS[c.basisSource],
        yuan(c.shareFen),
      ]);
    }
  }
  return [
    {
      name: '目标拆分',
      headers: [
        '区域',
        '期间',
        '版本',
        '销售',
        ...STAGES.map((s) => `${STAGE_LABELS[s]}客户数`),
        '客户份额(元)',
        '储备(元)',
        '调整(元)',
        '目标(元)',
        '老办法(元)',
        '差异(元)',
        '说明',
      ],
      widths: [10, 8, 14, 12, 10, 10, 10, 10, 16, 14, 12, 16, 16, 14, 60],
      rows: reps,
    },
    {
      name: '客户份额',
      headers: ['区域', '客户', '负责人', '阶段', '依据(元)', '依据来源', '份额(元)'],
      widths: [10, 20, 10, 8, 16, 10, 16],
      rows: customers,
    },
  ];
}

/** Every action log of the scope's customers, oldest first, with its status. */
export function logsTable(services: Services, d: ScopedData): Table {
  const who = new Map(services.repos.members.all().map((m) => [m.id, m.name]));
  const customer = new Map(d.customers.map((c) => [c.id, c.name]));
  const actions = new Map(services.repos.actionTypes.all().map((a) => [a.code, a]));
  const tz = services.config.TEAM_TIMEZONE;
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
  return {
    name: '动作记录',
    headers: ['日期', '销售', '记录人', '客户', '动作', '类别', '状态', '备注', '来源', '记录时间'],
    widths: [12, 10, 10, 20, 14, 14, 8, 30, 10, 18],
    rows,
  };
}
