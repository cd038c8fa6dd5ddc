import type { Database, Statement } from 'better-sqlite3';
import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { DB } from '../client.js';
import type { Customer } from './customers.repo.js';
import type { PackCounts } from '../../domain/completion.js';
import { dateOfDay, type LocalDate } from '../../domain/dates.js';
import { STAGES } from '../../domain/stages.js';
import type { HeatItem } from '../../domain/heat.js';
import type { WeekItem } from '../../domain/completion.js';

// The windowed reads behind heat, a week's completion and the forecast of a large region
// (src/commands/lib/region-window.ts). A region of 2,000 reps holds millions of due items, logs
// and collections, while the figures need a few windows of them: each method reads one window
// through a covering index (migrations 0003, 0004) or an index walk. Raw statements, not drizzle:
// at 100,000 rows the query builder's row mapping alone costs more than the query. Rows are read
// for every region and kept when the customer is in the window (`Positions`): a region join would
// cost a table lookup per row, and the covering scans are sequential. The forecast's reads run on
// a second connection in a worker thread (readAside) while this one reads the rest.

const STAGE_INDEX = `CASE stage ${STAGES.map((s, i) => `WHEN '${s}' THEN ${i}`).join(' ')} END`;

/** No name: a card lists a handful of customers (CustomersRepo.namesOf), a region has 100,000. */
export type WindowCustomer = Pick<Customer, 'id' | 'ownerId' | 'stage' | 'stageSince' | 'potentialFen'>;
export type WindowWeekItem = WeekItem & { customerId: number };

export class RegionWindowRepo {
  private readonly stmts = new Map<string, Statement>();

  constructor(private readonly db: DB) {}

  private stmt(sql: string): Statement {
    let s = this.stmts.get(sql);
    if (!s) this.stmts.set(sql, (s = this.db.$client.prepare(sql)));
    return s;
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
    const rows = this.stmt(`SELECT id, owner_id, ${STAGE_INDEX}, unixepoch(stage_since) / 86400, potential_fen,
        unixepoch(first_collection_on) / 86400, unixepoch(last_pack_action_on) / 86400
      FROM customers WHERE region_id = ?`).raw().all(regionId) as Array<[number, number, number, number, number | null, number | null, number | null]>;
    const customers = new Array<WindowCustomer>(rows.length);
    const firstCollectionOn = new Array<LocalDate | null>(rows.length);
    const lastPackAction = new Map<number, LocalDate>();
    rows.forEach(([id, ownerId, stageIndex, since, potentialFen, first, lastPack], i) => {
      const stage = STAGES[stageIndex]!;
      customers[i] = { id, ownerId, stage, stageSince: dateOfDay(since), potentialFen };
      const firstOn = first === null ? null : dateOfDay(first);
      firstCollectionOn[i] = firstOn !== null && firstOn < asOf ? firstOn : null;
      if (lastPack !== null && stage === packStage) lastPackAction.set(id, dateOfDay(lastPack));
    });
    return { customers, firstCollectionOn, lastPackAction };
  }

  /** Open items due in [from, to]: the only ones that can be overdue. */
  openItemsDue(pos: Positions, from: LocalDate, to: LocalDate): HeatItem[] {
    const rows = this.stmt(`SELECT customer_id, due_date FROM due_items INDEXED BY due_items_due_idx
      WHERE due_date BETWEEN ? AND ? AND status = 'open'`).raw().all(from, to) as Array<[number, string]>;
    return rows.filter((r) => pos.has(r[0])).map((r) => ({ customerId: r[0], status: 'open', dueDate: r[1] }));
  }

  /** Every item due in [from, to] (weekly completion), with the fields the rate reads. */
  itemsDue(pos: Positions, from: LocalDate, to: LocalDate): WindowWeekItem[] {
    const rows = this.stmt(`SELECT member_id, customer_id, status, due_date FROM due_items INDEXED BY due_items_due_idx
      WHERE due_date BETWEEN ? AND ?`).raw().all(from, to) as Array<[number, number, WeekItem['status'], string]>;
    return rows.filter((r) => pos.has(r[1])).map((r) => ({ memberId: r[0], customerId: r[1], status: r[2], dueDate: r[3] }));
  }

  /**
   * The forecast's numeric reads, started on a second connection (see readAside) so they run
   * while this thread reads customers, items and logs; join() returns packCounts and the two
   * collection windows' sums per customer position.
   */
  startForecastReads(q: { from: LocalDate; to: LocalDate; highQuality: string[]; windows: Span[] }): ForecastReads {
    const hq = q.highQuality.map(() => '?').join(', ');
    // Pack rows come back as one number, customer * 4 + done * 2 + highQuality: no per-row objects.
    const pack = { sql: `SELECT customer_id * 4 + (status = 'done') * 2 + (action_code IN (${hq}))
      FROM due_items INDEXED BY due_items_due_idx WHERE due_date BETWEEN ? AND ? AND status != 'cancelled'`,
    args: [...q.highQuality, q.from, q.to], columns: 1 };
    // A 90-day window is a range scan of orders_kind_date_idx over about a quarter of two years'
    // rows, where a GROUP BY customer would read all of them.
    const sums = q.windows.map((w) => ({ sql: `SELECT customer_id, amount_fen FROM orders INDEXED BY orders_kind_date_idx
      WHERE kind = 'collection' AND date BETWEEN ? AND ?`, args: [w.from, w.to], columns: 2 }));
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
    const i = pos.get(Math.floor(code / 4));
    if (i === undefined) continue;
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
    const i = pos.get(flat[k]!);
    if (i !== undefined) sums[i]! += flat[k + 1]!;
  }
  return sums;
}

interface Span { from: LocalDate; to: LocalDate }

/** Customer id -> its index in the window's customer list (membership and typed-array slot). */
export type Positions = Map<number, number>;

interface NumericQuery { sql: string; args: unknown[]; columns: number }

/** Rows flattened into one Float64Array (transferable, no per-row objects). Mirrored in WORKER. */
function runNumeric(conn: Database, q: NumericQuery): Float64Array {
  const s = conn.prepare(q.sql);
  if (q.columns === 1) return Float64Array.from(s.pluck().all(...q.args) as number[]);
  const rows = s.raw().all(...q.args) as number[][];
  const flat = new Float64Array(rows.length * q.columns);
  let k = 0;
  for (const r of rows) for (let c = 0; c < q.columns; c++) flat[k++] = r[c]!;
  return flat;
}

// runNumeric as plain JS, run by eval: no TypeScript loader is needed, so the worker starts the
// same under tsx, vitest and a build. It always closes its connection and raises the flag.
const WORKER = `
const { workerData: d } = require('node:worker_threads');
let db;
try {
  db = new (require(d.driver))(d.path, { readonly: true, fileMustExist: true });
  const out = d.queries.map((q) => {
    const s = db.prepare(q.sql);
    if (q.columns === 1) return Float64Array.from(s.pluck().all(...q.args));
    const rows = s.raw().all(...q.args);
    const flat = new Float64Array(rows.length * q.columns);
    let k = 0;
    for (const r of rows) for (let c = 0; c < q.columns; c++) flat[k++] = r[c];
    return flat;
  });
  d.port.postMessage({ out }, out.map((a) => a.buffer));
} catch (e) {
  d.port.postMessage({ error: String((e && e.stack) || e) });
} finally {
  try { if (db) db.close(); } catch {}
  const flag = new Int32Array(d.signal);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}`;

const DRIVER = createRequire(import.meta.url).resolve('better-sqlite3');
const ASIDE_TIMEOUT_MS = 60_000;

/**
 * Starts read-only numeric queries on a second connection in a worker thread; join() blocks until
 * they are done and returns their rows. better-sqlite3 is synchronous, so this is how a large
 * region's reads use the second core: the caller runs its own queries on the main connection
 * meanwhile (WAL lets both read at once). An in-memory database (no second connection can see it)
 * or one inside a transaction (its writes are not visible elsewhere) runs them here, in join().
 * A worker's error is thrown by join(); join() also ends the worker.
 */
export function readAside(db: DB, queries: NumericQuery[]): () => Float64Array[] {
  const conn = db.$client;
  if (conn.memory || conn.inTransaction || process.env.INLINE) return () => queries.map((q) => runNumeric(conn, q));
  const signal = new SharedArrayBuffer(4);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER, { eval: true, workerData: { driver: DRIVER, path: conn.name, queries, signal, port: port2 }, transferList: [port2] });
  worker.unref();
  return () => {
    try {
      if (Atomics.wait(new Int32Array(signal), 0, 0, ASIDE_TIMEOUT_MS) === 'timed-out') throw new Error('region window: side reads timed out');
      const msg = receiveMessageOnPort(port1)?.message as { out?: Float64Array[]; error?: string } | undefined;
      if (!msg?.out) throw new Error(`region window: side reads failed: ${msg?.error ?? 'no result'}`);
      return msg.out;
    } finally {
      port1.close();
      void worker.terminate();
    }
  };
}
