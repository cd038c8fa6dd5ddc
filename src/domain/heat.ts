import { daysBetween, type LocalDate } from './dates.js';
import { STAGES, type Stage } from './stages.js';
import type { DueItem } from './types.js';

// Customer heat (客户热力图) of docs/method.md step 3.
// - Overdue = an OPEN item whose dueDate is before today. We use dueDate, not windowEnd: the due
//   date is the date the rep committed to, and the heat map exists to show slipping early. Days
//   overdue = today - dueDate.
// - green: nothing overdue.
// - yellow: exactly one item overdue, by at most 14 days.
// - red: two or more overdue, any item overdue more than 14 days, or a declining customer with no
//   pack action in the last 30 days (a pack action 30 days ago still counts, 31 does not).
//   The 30-day silence is counted from the later of the last pack action and, when given, the
//   date the customer became declining: a customer who turned declining yesterday is not "silent
//   for 30 days" yet. With neither date known, a declining customer is red.

export type HeatColour = 'green' | 'yellow' | 'red';

export interface HeatConfig {
  yellowMaxDays: number;
  decliningSilenceDays: number;
  /**
   * Only items due within this many days count: heat shows what is slipping now. An item missed
   * months ago can never be completed (its window closed), so without a horizon one old miss would
   * keep a customer red for good; old misses stay visible in completion rates and profiles.
   */
  lookbackDays: number;
}

// Frozen: reason texts are memoised per config object (reasonOf), so a config must not change.
export const DEFAULT_HEAT: Readonly<HeatConfig> = Object.freeze({ yellowMaxDays: 14, decliningSilenceDays: 30, lookbackDays: 30 });

/** The fields of a due item the heat rule reads (a windowed loader fetches only these). */
export type HeatItem = Pick<DueItem, 'customerId' | 'status' | 'dueDate' | 'completedLate'>;

export interface HeatInput {
  customer: { id: number; stage: Stage; stageSince?: LocalDate | null };
  /** The customer's due items (other customers' items are ignored). */
  items: HeatItem[];
  lastPackActionOn: LocalDate | null;
  today: LocalDate;
}

export interface CustomerHeat {
  customerId: number;
  colour: HeatColour;
  overdue: number;
  maxOverdueDays: number;
  /** Items due in the lookback that a late log completed (补做): they no longer count as overdue. */
  late: number;
  /** zh-CN explanation shown beside the colour. */
  reason: string;
}

function silenceDays(input: HeatInput): number | null {
  const a = input.lastPackActionOn;
  const b = input.customer.stageSince ?? null;
  const latest = a === null ? b : b === null || a > b ? a : b;
  return latest === null ? null : daysBetween(latest, input.today);
}

const NOTHING_OVERDUE = '无逾期动作';

export function customerHeat(input: HeatInput, cfg: HeatConfig = DEFAULT_HEAT): CustomerHeat {
  const customerId = input.customer.id;
  // Most customers of a large region have nothing overdue and are not declining.
  if (input.items.length === 0 && input.customer.stage !== 'declining') {
    return { customerId, overdue: 0, maxOverdueDays: 0, late: 0, colour: 'green', reason: NOTHING_OVERDUE };
  }
  // One pass, no intermediate arrays: this runs for every declining customer of a region.
  const today = input.today;
  let overdue = 0;
  let maxOverdueDays = 0;
  let late = 0;
  for (const i of input.items) {
    if (i.customerId !== customerId || !(i.dueDate < today)) continue;
    const days = daysBetween(i.dueDate, today);
    if (!(days <= cfg.lookbackDays)) continue;
    // Done late: the customer is not left hanging any more, but the map still says it slipped.
    if (i.status === 'done' && i.completedLate) late += 1;
    if (i.status !== 'open') continue;
    overdue += 1;
    if (days > maxOverdueDays) maxOverdueDays = days;
  }
  const silent = input.customer.stage === 'declining' ? silenceDays(input) : undefined;
  const silentTooLong = silent === null || (silent !== undefined && silent > cfg.decliningSilenceDays);
  // Only a lone, short overdue item is yellow; any other reason makes the customer red.
  const longOverdue = overdue >= 2 || (overdue === 1 && maxOverdueDays > cfg.yellowMaxDays);
  const colour: HeatColour = longOverdue || silentTooLong ? 'red' : overdue === 1 ? 'yellow' : 'green';
  const reason = reasonOf(overdue, maxOverdueDays, silentTooLong ? silent : undefined, cfg);
  return { customerId, overdue, maxOverdueDays, late, colour, reason: late > 0 ? `${reason}；${late} 项逾期后补做` : reason };
}

// A region's 45,000 non-green customers share a few hundred distinct reasons: each text is built
// once per (overdue, days, silence) and config, not once per customer. Bounded: cleared when full.
const reasonMemo = new WeakMap<HeatConfig, Map<number, string>>();

/** The zh-CN reason; `silent` is set only when the declining rule applies (null: never acted). */
function reasonOf(overdue: number, maxDays: number, silent: number | null | undefined, cfg: HeatConfig): string {
  const s = silent === undefined ? 0 : silent === null ? 1 : silent + 2;
  const key = maxDays < 1000 && s < 100_000 ? (overdue * 1000 + maxDays) * 100_000 + s : null;
  let memo = reasonMemo.get(cfg);
  if (!memo) reasonMemo.set(cfg, (memo = new Map()));
  const hit = key === null ? undefined : memo.get(key);
  if (hit !== undefined) return hit;
  const reasons: string[] = [];
  if (overdue >= 2) reasons.push(`${overdue} 项动作逾期，最长 ${maxDays} 天`);
  else if (maxDays > cfg.yellowMaxDays) reasons.push(`1 项动作逾期 ${maxDays} 天，超过 ${cfg.yellowMaxDays} 天`);
  else if (overdue === 1) reasons.push(`1 项动作逾期 ${maxDays} 天`);
  if (silent === null) reasons.push('衰退型客户，尚无动作包动作记录');
  else if (silent !== undefined) reasons.push(`衰退型客户已 ${silent} 天无动作包动作`);
  const text = reasons.length === 0 ? NOTHING_OVERDUE : reasons.join('；');
  if (key !== null) {
    if (memo.size >= 4096) memo.clear();
    memo.set(key, text);
  }
  return text;
}

export interface HeatCellInput {
  customerId: number;
  stage: Stage;
  repId: number;
  colour: HeatColour;
}

export interface HeatGridCell {
  stage: Stage;
  repId: number;
  green: number;
  yellow: number;
  red: number;
  /** The customers behind the counts, by colour, ids ascending. */
  customers: Record<HeatColour, number[]>;
}

export interface HeatGrid {
  /** Rows, in the method's stage order (only stages that have customers). */
  stages: Stage[];
  /** Columns, rep ids ascending. */
  repIds: number[];
  /** Non-empty cells, row by row. */
  cells: HeatGridCell[];
}

/** Stage x rep grid of colour counts. */
export function heatGrid(input: HeatCellInput[]): HeatGrid {
  const b = heatGridBuilder();
  for (const c of input) b.add(c.customerId, c.stage, c.repId, c.colour);
  return b.build();
}

/** Accumulates a grid without a per-customer input object (a large region has 100,000 customers). */
export function heatGridBuilder() {
  // Keyed stage -> rep in nested maps: a string key per customer would be 100,000 allocations.
  const byStage = new Map<Stage, Map<number, HeatGridCell>>();
  function add(customerId: number, stage: Stage, repId: number, colour: HeatColour): void {
    let row = byStage.get(stage);
    if (!row) byStage.set(stage, (row = new Map()));
    let cell = row.get(repId);
    if (!cell) row.set(repId, (cell = { stage, repId, green: 0, yellow: 0, red: 0, customers: { green: [], yellow: [], red: [] } }));
    cell[colour] += 1;
    cell.customers[colour].push(customerId);
  }
  return { add, build: () => buildGrid(byStage) };
}

function buildGrid(byStage: Map<Stage, Map<number, HeatGridCell>>): HeatGrid {
  const cells: HeatGridCell[] = [];
  for (const row of byStage.values()) for (const cell of row.values()) cells.push(cell);
  const stageIdx = (s: Stage) => STAGES.indexOf(s);
  const sorted = cells.sort((a, b) => stageIdx(a.stage) - stageIdx(b.stage) || a.repId - b.repId);
  for (const cell of sorted) for (const list of Object.values(cell.customers)) list.sort((a, b) => a - b);
  return {
    stages: STAGES.filter((s) => sorted.some((c) => c.stage === s)),
    repIds: [...new Set(sorted.map((c) => c.repId))].sort((a, b) => a - b),
    cells: sorted,
  };
}

/** The cell for (stage, rep), or null when that rep has no customer of that stage. */
export function gridCell(grid: HeatGrid, stage: Stage, repId: number): HeatGridCell | null {
  return grid.cells.find((c) => c.stage === stage && c.repId === repId) ?? null;
}
