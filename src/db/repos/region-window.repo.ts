import type { Statement } from 'better-sqlite3';
import type { PackCounts, WeekItem } from '../../domain/completion.js';
import { dateOfDay, type LocalDate } from '../../domain/dates.js';
import type { HeatItem } from '../../domain/heat.js';
import { STAGES } from '../../domain/stages.js';
import type { DB } from '../client.js';
import type { Customer } from './customers.repo.js';
import { readAside } from './read-aside.js';

// The windowed reads behind heat, a week's completion and the forecast of a large region
// (src/commands/lib/region-window.ts). A region of 2,000 reps holds millions of due items, logs
// and collections, while the figures need a few windows of them: each method reads one window
// through a covering index (migrations 0003, 0004) or an index walk. Raw statements, not drizzle:
// at 100,000 rows the query builder's row mapping alone costs more than the query. Rows are read
// for every region and kept when the customer is in the window (`Positions`): a region join would
// cost a table lookup per row, and the covering scans are sequential. The forecast's reads run on
// a second connection in a worker thread (readAside) while this one reads the rest.
//
// Every read returns one JSON document built by SQLite (json_group_array), which JSON.parse turns
// into rows. Measured on the step-3 bench, that is half the time of the driver's row-by-row
// .raw().all() for 100,000 rows, whose per-row and per-value calls into V8 dominate the read.

// Short strings that repeat are read as their index in these lists (see customers()).
const indexOf = (column: string, values: readonly string[]) =>
  `CASE ${column} ${values.map((v, i) => `WHEN '${v}' THEN ${i}`).join(' ')} END`;
const STAGE_INDEX = indexOf('stage', STAGES);
const ITEM_STATUSES = ['open', 'done', 'cancelled'] as const satisfies ReadonlyArray<WeekItem['status']>;
const STATUS_INDEX = indexOf('status', ITEM_STATUSES);
// A date as its day number (see dateOf); a value SQLite cannot read as a date (a hand edit such as
// '2026-1-5') comes back as it is, as the string reads did, rather than as 1970-01-01.
const DAY = (column: string) => `coalesce(unixepoch(${column}) / 86400, ${column})`;
type Day = number | string;
function dateOf(v: Day): LocalDate;
function dateOf(v: Day | null): LocalDate | null;
function dateOf(v: Day | null): LocalDate | null {
  return v === null ? null : typeof v === 'number' ? dateOfDay(v) : v;
}

/** No name: a card lists a handful of customers (CustomersRepo.namesOf), a region has 100,000. */
export type WindowCustomer = Pick<Customer, 'id' | 'ownerId' | 'stage' | 'stageSince' | 'baselineFen' | 'potentialFen'>;
export type WindowWeekItem = WeekItem & { customerId: number };

export class RegionWindowRepo {
  private readonly stmts = new Map<string, Statement>();

  constructor(private readonly db: DB) {}

  /** The rows of a query that selects one json_group_array(...) (see the header). */
  private rows<T>(sql: string, ...args: unknown[]): T[] {
    let s = this.stmts.get(sql);
    if (!s) this.stmts.set(sql, (s = this.db.$client.prepare(sql).pluck()));
    return JSON.parse((s.get(...args) as string | null) ?? '[]') as T[];
  }

  /**
   * Same WHERE (so the same plan and row order) as CustomersRepo.inRegion, fewer columns, plus
   * two dates the triggers of migration 0006 keep on each customer: the first collection (null
   * when none is before asOf) and, for `stage` customers only, the latest pack action. Built as
   * object literals from raw rows: the driver's row objects get slow (dictionary) property
   * access, which heat and the forecast then pay on every read of 100,000 customers.
   */
  customers(regionId: number, asOf: LocalDate, packStage: Customer['stage']): RegionCustomers {
    // Dates come back as day numbers and the stage as its index: every string the driver makes
    // costs more than the row's other work, and these repeat (dateOfDay memoises).
    const rows = this.rows<[number, number, number, Day, number | null, Day | null, Day | null, number]>(
      `SELECT json_group_array(json_array(id, owner_id, ${STAGE_INDEX}, ${DAY('stage_since')}, potential_fen,
        ${DAY('first_collection_on')}, ${DAY('last_pack_action_on')}, baseline_fen))
      FROM customers WHERE region_id = ?`,
      regionId,
    );
    const customers = new Array<WindowCustomer>(rows.length);
    const firstCollectionOn = new Array<LocalDate | null>(rows.length);
    const lastPackAction = new Map<number, LocalDate>();
    rows.forEach(([id, ownerId, stageIndex, since, potentialFen, first, lastPack, baselineFen], i) => {
      const stage = STAGES[stageIndex]!;
      customers[i] = { id, ownerId, stage, stageSince: dateOf(since), baselineFen, potentialFen };
      const firstOn = dateOf(first);
      firstCollectionOn[i] = firstOn !== null && firstOn < asOf ? firstOn : null;
      if (lastPack !== null && stage === packStage) lastPackAction.set(id, dateOf(lastPack));
    });
    return { customers, firstCollectionOn, lastPackAction };
  }

  /** Open items due in [from, to]: the only ones that can be overdue. */
  openItemsDue(pos: Positions, from: LocalDate, to: LocalDate): HeatItem[] {
    const rows = this.rows<[number, Day]>(
      `SELECT json_group_array(json_array(customer_id, ${DAY('due_date')}))
      FROM due_items INDEXED BY due_items_due_idx WHERE due_date BETWEEN ? AND ? AND status = 'open'`,
      from,
      to,
    );
    const out: HeatItem[] = [];
    for (const [customerId, due] of rows) if (pos.of(customerId) >= 0) out.push({ customerId, status: 'open', dueDate: dateOf(due) });
    return out;
  }

  /** Items due in [from, to] that a late log completed (partial index due_items_late_idx). */
  lateItemsDue(pos: Positions, from: LocalDate, to: LocalDate): HeatItem[] {
    const rows = this.rows<[number, Day]>(
      `SELECT json_group_array(json_array(customer_id, ${DAY('due_date')}))
      FROM due_items INDEXED BY due_items_late_idx WHERE completed_late = 1 AND due_date BETWEEN ? AND ?`,
      from,
      to,
    );
    const out: HeatItem[] = [];
    for (const [customerId, due] of rows)
      if (pos.of(customerId) >= 0) out.push({ customerId, status: 'done', dueDate: dateOf(due), completedLate: true });
    return out;
  }

  /** Every item due in [from, to] (weekly completion), with the fields the rate reads. */
  itemsDue(pos: Positions, from: LocalDate, to: LocalDate): WindowWeekItem[] {
    const rows = this.rows<[number, number, number, Day]>(
      `SELECT json_group_array(json_array(member_id, customer_id, ${STATUS_INDEX},
        ${DAY('due_date')})) FROM due_items INDEXED BY due_items_due_idx WHERE due_date BETWEEN ? AND ?`,
      from,
      to,
    );
    const out: WindowWeekItem[] = [];
    for (const [memberId, customerId, status, due] of rows) {
      if (pos.of(customerId) >= 0) out.push({ memberId, customerId, status: ITEM_STATUSES[status]!, dueDate: dateOf(due) });
    }
    return out;
  }

  /**
   * The forecast's numeric reads, started on a second connection (see readAside) so they run
   * while this thread reads customers, items and logs; join() returns packCounts and the two
   * collection windows' sums per customer position.
   */
  startForecastReads(q: { from: LocalDate; to: LocalDate; highQuality: string[]; windows: Span[] }): ForecastReads {
    const hq = q.highQuality.map(() => '?').join(', ');
    // Pack rows come back as one number, customer * 4 + done * 2 + highQuality: no per-row objects.
    const pack = {
      sql: `SELECT json_group_array(customer_id * 4 + (status = 'done') * 2 + (action_code IN (${hq})))
      FROM due_items INDEXED BY due_items_due_idx WHERE due_date BETWEEN ? AND ? AND status != 'cancelled'`,
      args: [...q.highQuality, q.from, q.to],
      columns: 1,
    };
    // A 90-day window is a range scan of orders_kind_date_idx over about a quarter of two years'
    // rows, where a GROUP BY customer would read all of them.
    const sums = q.windows.map((w) => ({
      sql: `SELECT json_group_array(json_array(customer_id, amount_fen))
      FROM orders INDEXED BY orders_kind_date_idx WHERE kind = 'collection' AND date BETWEEN ? AND ?`,
      args: [w.from, w.to],
      columns: 2,
    }));
    const join = readAside(this.db, [pack, ...sums]);
    return {
      join(pos, ids) {
        const [codes, ...rows] = join();
        return { pack: packCountsOf(codes!, pos, ids), sums: rows.map((r) => sumsOf(r, pos, ids.length)) };
      },
    };
  }
}

export interface RegionCustomers {
  customers: WindowCustomer[];
  /** By position; null when the customer has no collection before asOf. */
  firstCollectionOn: Array<LocalDate | null>;
  /** Latest pack action of the customers of the requested stage that have one. */
  lastPackAction: Map<number, LocalDate>;
}

export interface ForecastReads {
  join(pos: Positions, ids: number[]): { pack: Map<number, PackCounts>; sums: Float64Array[] };
}

/** packCounts per customer from the pack codes; counted by position in one typed array first. */
function packCountsOf(codes: Float64Array, pos: Positions, ids: number[]): Map<number, PackCounts> {
  const n = new Int32Array(ids.length * 4); // per customer: hqDue, hqDone, ordDue, ordDone
  for (const code of codes) {
    const i = pos.of(Math.floor(code / 4));
    if (i < 0) continue;
    const at = i * 4 + (code & 1 ? 0 : 2);
    n[at]! += 1;
    n[at + 1]! += (code & 2) >> 1;
  }
  const out = new Map<number, PackCounts>();
  ids.forEach((id, i) => {
    const at = i * 4;
    if (n[at]! + n[at + 2]! > 0) out.set(id, { hqDue: n[at]!, hqDone: n[at + 1]!, ordDue: n[at + 2]!, ordDone: n[at + 3]! });
  });
  return out;
}

/** Amounts summed per customer position from flat (customer_id, amount_fen) pairs. */
function sumsOf(flat: Float64Array, pos: Positions, count: number): Float64Array {
  const sums = new Float64Array(count);
  for (let k = 0; k < flat.length; k += 2) {
    const i = pos.of(flat[k]!);
    if (i >= 0) sums[i]! += flat[k + 1]!;
  }
  return sums;
}

interface Span {
  from: LocalDate;
  to: LocalDate;
}

/**
 * Customer id -> its index in the window's customer list (membership and typed-array slot), or
 * -1. Ids are autoincrement, so a typed array by id is compact and, for a million row lookups,
 * much faster than a Map; very sparse (or negative, hand-made) ids fall back to a Map.
 */
export class Positions {
  private readonly slots: Int32Array | null = null;
  private readonly map: Map<number, number> | null = null;

  constructor(ids: readonly number[]) {
    let max = 0;
    let min = 0;
    for (const id of ids) {
      if (id > max) max = id;
      if (id < min) min = id;
    }
    if (min >= 0 && max <= Math.max(1_000_000, ids.length * 8)) {
      this.slots = new Int32Array(max + 1).fill(-1);
      ids.forEach((id, i) => {
        this.slots![id] = i;
      });
    } else {
      this.map = new Map(ids.map((id, i) => [id, i]));
    }
  }

  of(id: number): number {
    if (this.slots) return this.slots[id] ?? -1;
    return this.map!.get(id) ?? -1;
  }
}
