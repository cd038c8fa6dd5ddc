import type { Statement } from 'better-sqlite3';
import type { DB } from '../client.js';
import type { Customer } from './customers.repo.js';
import type { PackCounts } from '../../domain/completion.js';
import type { LocalDate } from '../../domain/dates.js';
import type { CollectionHistory } from '../../domain/forecast.js';
import type { HeatItem } from '../../domain/heat.js';
import type { WeekItem } from '../../domain/completion.js';

// The windowed reads behind heat, a week's completion and the forecast of a large region
// (src/commands/lib/region-window.ts). A region of 2,000 reps holds millions of due items, logs
// and collections; loading them as objects costs more than a second and most of a gigabyte, while
// the figures need a few windows of them. So each method reads one window through a covering
// index (migration 0003) or an index walk, and sums in SQL where the figure only needs sums.
// Raw statements, not drizzle: at 100,000 rows the query builder's row mapping alone costs more
// than the query. Rows are read for every region and kept when the customer is in `ids`: a
// region join would cost a table lookup per row, and the covering scans are sequential.

export type WindowCustomer = Pick<Customer, 'id' | 'name' | 'ownerId' | 'stage' | 'stageSince' | 'potentialFen'>;
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
   * Same WHERE (so the same plan and row order) as CustomersRepo.inRegion, fewer columns. Built
   * as object literals from raw rows: the driver's row objects get slow (dictionary) property
   * access, which heat and the forecast then pay on every read of 100,000 customers.
   */
  customers(regionId: number): WindowCustomer[] {
    const rows = this.stmt(`SELECT id, name, owner_id, stage, stage_since, potential_fen
      FROM customers WHERE region_id = ?`).raw().all(regionId) as Array<[number, string, number, Customer['stage'], string, number | null]>;
    return rows.map(([id, name, ownerId, stage, stageSince, potentialFen]) => ({ id, name, ownerId, stage, stageSince, potentialFen }));
  }

  /** Open items due in [from, to]: the only ones that can be overdue. */
  openItemsDue(ids: Set<number>, from: LocalDate, to: LocalDate): HeatItem[] {
    const rows = this.stmt(`SELECT customer_id, due_date FROM due_items INDEXED BY due_items_due_idx
      WHERE due_date BETWEEN ? AND ? AND status = 'open'`).raw().all(from, to) as Array<[number, string]>;
    return rows.filter((r) => ids.has(r[0])).map((r) => ({ customerId: r[0], status: 'open', dueDate: r[1] }));
  }

  /** Every item due in [from, to] (weekly completion), with the fields the rate reads. */
  itemsDue(ids: Set<number>, from: LocalDate, to: LocalDate): WindowWeekItem[] {
    const rows = this.stmt(`SELECT member_id, customer_id, status, due_date FROM due_items INDEXED BY due_items_due_idx
      WHERE due_date BETWEEN ? AND ?`).raw().all(from, to) as Array<[number, number, WeekItem['status'], string]>;
    return rows.filter((r) => ids.has(r[1])).map((r) => ({ memberId: r[0], customerId: r[1], status: r[2], dueDate: r[3] }));
  }

  /**
   * packCounts per customer over items due in [from, to]. Each row comes back as one number,
   * customer * 4 + done * 2 + highQuality, so 450,000 rows cost no per-row objects.
   */
  packCounts(ids: Set<number>, from: LocalDate, to: LocalDate, highQuality: string[]): Map<number, PackCounts> {
    const hq = highQuality.map(() => '?').join(', ');
    const codes = this.stmt(`SELECT customer_id * 4 + (status = 'done') * 2 + (action_code IN (${hq}))
      FROM due_items INDEXED BY due_items_due_idx WHERE due_date BETWEEN ? AND ? AND status != 'cancelled'`)
      .pluck().all(...highQuality, from, to) as number[];
    const out = new Map<number, PackCounts>();
    for (const code of codes) {
      const id = Math.floor(code / 4);
      if (!ids.has(id)) continue;
      let c = out.get(id);
      if (!c) out.set(id, (c = { hqDue: 0, hqDone: 0, ordDue: 0, ordDone: 0 }));
      const done = (code & 2) >> 1;
      if (code & 1) { c.hqDue += 1; c.hqDone += done; } else { c.ordDue += 1; c.ordDone += done; }
    }
    return out;
  }

  /** collectionHistory per customer with collections before asOf, summed over the two windows. */
  collectionHistory(ids: Set<number>, asOf: LocalDate, w: { lastYear: Span; trailing: Span }): Map<number, CollectionHistory> {
    const rows = this.stmt(`SELECT customer_id, min(date),
        total(CASE WHEN date BETWEEN ? AND ? THEN amount_fen END), total(CASE WHEN date BETWEEN ? AND ? THEN amount_fen END)
      FROM orders INDEXED BY orders_kind_customer_idx WHERE kind = 'collection' AND date < ? GROUP BY customer_id`)
      .raw().all(w.lastYear.from, w.lastYear.to, w.trailing.from, w.trailing.to, asOf) as Array<[number, string, number, number]>;
    const out = new Map<number, CollectionHistory>();
    for (const [id, firstOn, lastYearFen, trailingFen] of rows) {
      if (ids.has(id)) out.set(id, { firstOn, lastYearFen, trailingFen });
    }
    return out;
  }

  /**
   * Latest valid log of an action in the pack of the customer's current stage, for the region's
   * customers of one stage (heat reads it for declining customers only). Walks each customer's
   * logs newest first and stops at the first pack action.
   */
  lastPackActions(regionId: number, stage: string): Map<number, LocalDate> {
    const rows = this.stmt(`SELECT c.id, (SELECT l.occurred_on FROM action_logs l JOIN action_types t ON t.code = l.action_code
        WHERE l.customer_id = c.id AND l.status = 'valid' AND t.stage = c.stage ORDER BY l.occurred_on DESC LIMIT 1)
      FROM customers c WHERE c.region_id = ? AND c.stage = ?`).raw().all(regionId, stage) as Array<[number, string | null]>;
    return new Map(rows.filter((r): r is [number, string] => r[1] !== null));
  }
}

interface Span { from: LocalDate; to: LocalDate }
