import type { Region } from '../../db/repos/regions.repo.js';
import { weekStart } from '../../domain/dates.js';
import type { Services } from '../../services.js';
import { regionView } from '../access/scope.js';
import { boardJson, heatJson, recentWeeks } from '../metrics/board.js';
import type { Cell, Column, Fill, Table } from './workbook.js';
import { table } from './workbook.js';

// The 周看板 export: the dashboard's action board and heat map as sheets. The figures come from
// the dashboard's own boardJson and heatJson (one number, one source), region by region as that
// region's manager sees them; only the layout is Excel's.

/** At or above this rate a week is green; under the warning threshold (WARNING_THRESHOLD) it is red. */
const GREEN_FROM = 0.9;
const HEAT_LABELS = { green: '绿', yellow: '黄', red: '红' } as const;
const TREND = { up: '↑', down: '↓', flat: '→' } as const;

type Board = ReturnType<typeof boardJson>;
type Heat = ReturnType<typeof heatJson>;

function rateFill(rate: number | null, threshold: number): Fill | null {
  if (rate === null) return null;
  return rate < threshold ? 'red' : rate < GREEN_FROM ? 'yellow' : 'green';
}

function regionData(services: Services, regions: Region[]): Array<{ region: Region; board: Board; heat: Heat }> {
  return regions.map((region) => {
    const view = { ...regionView(services, [region]), role: 'manager' as const };
    return { region, board: boardJson(services, view), heat: heatJson(services, view) };
  });
}

/** Reps × weeks: one row per rep, one column per week (its Monday), cells = completion rate. */
function gridTable(services: Services, data: ReturnType<typeof regionData>): Table {
  const current = weekStart(services.today());
  const weeks = (data[0]?.board.weeks ?? recentWeeks(services.today(), 8)).map((w) => (w === current ? `${w}（本周）` : w));
  const rows: Cell[][] = [];
  const fills: Array<Array<Fill | null>> = [];
  const add = (region: string, name: string, rates: Array<number | null>, trend: string | null, threshold: number) => {
    rows.push([region, name, ...rates, trend]);
    fills.push([null, null, ...rates.map((r) => rateFill(r, threshold)), null]);
  };
  for (const { region, board: b } of data) {
    for (const r of b.rows)
      add(
        region.name,
        r.name,
        r.points.map((p) => p.rate),
        r.trend ? TREND[r.trend] : null,
        b.threshold,
      );
    if (b.region)
      add(
        region.name,
        '（区域合计）',
        b.region.map((p) => p.rate),
        null,
        b.threshold,
      );
    add(
      region.name,
      '（团队中位数）',
      b.teamMedian.map((p) => p.rate),
      null,
      b.threshold,
    );
  }
  const columns: Column[] = [
    { header: '区域', width: 10 },
    { header: '销售', width: 14 },
    ...weeks.map((w): Column => ({ header: w, kind: 'percent', width: w.length > 10 ? 18 : 12 })),
    { header: '趋势', width: 6 },
  ];
  return table('周看板', columns, rows, { fills, freezeColumns: 2 });
}

/** The board's figures behind each rate: due and done per rep and week (a list to filter or pivot). */
function detailTable(data: ReturnType<typeof regionData>): Table {
  const rows = data.flatMap(({ region, board: b }) =>
    b.rows.flatMap((r) => r.points.map((p): Cell[] => [region.name, r.name, p.week, p.due, p.done, p.rate])),
  );
  return table(
    '周看板明细',
    [
      { header: '区域' },
      { header: '销售' },
      { header: '周一', kind: 'date' },
      { header: '应完成', kind: 'int' },
      { header: '已完成', kind: 'int' },
      { header: '完成率', kind: 'percent' },
    ],
    rows,
  );
}

/** The dashboard's heat map, one row per rep: each stage's red / yellow / green customers, coloured by the worst. */
function heatTable(data: ReturnType<typeof regionData>): Table {
  const stages = data[0]?.heat.stages ?? [];
  const rows: Cell[][] = [];
  const fills: Array<Array<Fill | null>> = [];
  for (const { region, heat } of data) {
    for (const rep of heat.reps) {
      const cells = stages.map((s) => heat.cells.find((c) => c.stage === s.code && c.repId === rep.id) ?? null);
      const count = (k: Fill) => cells.reduce((n, c) => n + (c?.[k] ?? 0), 0);
      const text = (c: (typeof cells)[number]) =>
        c ? (['red', 'yellow', 'green'] as const).flatMap((k) => (c[k] ? [`${c[k]}${HEAT_LABELS[k]}`] : [])).join(' ') : null;
      rows.push([region.name, rep.name, ...cells.map(text), count('red'), count('yellow'), count('green')]);
      fills.push([null, null, ...cells.map((c) => (c ? (c.colour as Fill) : null)), 'red', 'yellow', 'green']);
    }
  }
  const columns: Column[] = [
    { header: '区域', width: 10 },
    { header: '销售', width: 14 },
    ...stages.map((s): Column => ({ header: s.label, width: 14 })),
    ...(['红', '黄', '绿'] as const).map((h): Column => ({ header: `${h}（家）`, kind: 'int', width: 9 })),
  ];
  return table('热力图', columns, rows, { fills, freezeColumns: 2 });
}

/** Every customer of the heat map with its colour and why: what the dashboard shows on a click. */
function heatCustomersTable(data: ReturnType<typeof regionData>): Table {
  const rows: Cell[][] = [];
  const fills: Array<Array<Fill | null>> = [];
  for (const { region, heat } of data) {
    const rep = new Map(heat.reps.map((r) => [r.id, r.name]));
    const stage = new Map(heat.stages.map((s) => [s.code, s.label]));
    for (const cell of heat.cells) {
      for (const c of cell.customers) {
        rows.push([
          region.name,
          rep.get(cell.repId) ?? null,
          stage.get(cell.stage) ?? null,
          c.name,
          HEAT_LABELS[c.colour],
          c.overdue,
          c.reason,
        ]);
        fills.push([null, null, null, null, c.colour, null, null]);
      }
    }
  }
  const columns: Column[] = [
    { header: '区域' },
    { header: '销售' },
    { header: '阶段' },
    { header: '客户' },
    { header: '热度', width: 6 },
    { header: '逾期事项', kind: 'int' },
    { header: '说明', width: 50 },
  ];
  return table('热力图客户', columns, rows, { fills });
}

export function boardTables(services: Services, regions: Region[]): Table[] {
  const data = regionData(services, regions);
  return [gridTable(services, data), heatTable(data), heatCustomersTable(data), detailTable(data)];
}
