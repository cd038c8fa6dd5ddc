import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/demo/orders.js';
import { seedDemo } from '../../../src/demo/seed.js';
import { itemsAsOf, type PackItem, packWindowStart, replayOf } from '../../../src/domain/backtest-replay.js';
import { addDays, quarterEnd, quarterOf, quarterStart, shiftQuarter } from '../../../src/domain/dates.js';
import { calibrateRegion, streamedItemsAt } from '../../../src/method/metrics/calibration-replay.js';
import { backtestInput, calibrate } from '../../../src/method/metrics/region-backtest.js';
import { loadRegionData } from '../../../src/method/metrics/region-data.js';
import type { Services } from '../../../src/services.js';
import { testServices } from '../../helpers/test-app.js';

// The calibration streams a region's items and logs from columns (calibration-replay.ts) instead of
// replaying them as objects: it must give exactly what calibrate() gives over loadRegionData, on the
// demo and on a region built to stress the matching rules (early credit over a year, late logs,
// competing items, cancelled items, rejected and voided logs, a date SQLite cannot read).

const CODES = ['onsite_revisit', 'tech_qa', 'exec_visit'];
const PERIODS = (due: string) => [
  due.slice(0, 4),
  due.slice(0, 7),
  quarterOf(due),
  `${due.slice(0, 4)}-H${Number(due.slice(5, 7)) <= 6 ? 1 : 2}`,
  `${due.slice(0, 4)}-W${String(1 + Math.floor(Number(due.slice(5, 7)) * 4.3)).padStart(2, '0')}/2`,
  'P-unparsed',
];

/** A second region of 6 reps x 8 customers, 2 years of items, logs and collections; returns its id. */
function seedEdgeRegion(services: Services, today: string): number {
  const db = services.db.$client;
  const rand = mulberry32(11);
  const pickOf = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  const regionId = Number(db.prepare(`INSERT INTO regions (name, weights_json) VALUES ('边界区', '{}')`).run().lastInsertRowid);
  const item =
    db.prepare(`INSERT OR IGNORE INTO due_items (member_id, customer_id, action_code, period, window_start, window_end, due_date, status)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const log =
    db.prepare(`INSERT INTO action_logs (member_id, logged_by_id, customer_id, action_code, occurred_on, source_platform, source_message_id, status)
    VALUES (?, ?, ?, ?, ?, 'test', ?, ?)`);
  const order = db.prepare(`INSERT INTO orders (customer_id, kind, date, amount_fen) VALUES (?, 'collection', ?, ?)`);
  let msg = 0;
  for (let r = 0; r < 6; r++) {
    const rep = Number(
      db.prepare(`INSERT INTO members (name, role, region_id) VALUES (?, 'rep', ?)`).run(`边界${r}`, regionId).lastInsertRowid,
    );
    for (let k = 0; k < 8; k++) {
      const stage = pickOf(['incubating', 'growing', 'stable', 'declining']);
      const c = db.prepare(`INSERT INTO customers (name, owner_id, region_id, stage, stage_since) VALUES (?, ?, ?, ?, ?)`);
      const id = Number(c.run(`边界客户${r}-${k}`, rep, regionId, stage, addDays(today, -800)).lastInsertRowid);
      for (let q = 0; q < 9; q++) order.run(id, addDays(today, -800 + q * 91 + Math.floor(rand() * 80)), Math.round(1e6 * (0.2 + rand())));
      for (let n = 0; n < 40; n++) {
        const due = addDays(today, -720 + Math.floor(rand() * 730));
        const start = addDays(due, -Math.floor(rand() * 20));
        const end = addDays(due, Math.floor(rand() * 20));
        const status = pickOf(['open', 'open', 'done', 'cancelled']);
        item.run(rep, id, pickOf(CODES), pickOf(PERIODS(due)), start, end, rand() < 0.01 ? '2026-1-5' : due, status);
      }
      for (let n = 0; n < 30; n++) {
        const on = addDays(today, -730 + Math.floor(rand() * 730));
        log.run(rep, rep, id, pickOf(CODES), on, `e${++msg}`, pickOf(['valid', 'valid', 'valid', 'rejected', 'voided']));
      }
    }
  }
  return regionId;
}

function setup() {
  const { services } = testServices();
  seedDemo(services);
  const today = services.today();
  return { services, today, edge: seedEdgeRegion(services, today) };
}

/** By id, what forecastAll reads of each (PackItem). */
const byId = (items: PackItem[]) =>
  items
    .map(({ id, customerId, actionCode, status, dueDate }) => ({ id, customerId, actionCode, status, dueDate }))
    .sort((a, b) => a.id - b.id);

describe('the streamed calibration', () => {
  const { services, today, edge } = setup();

  it('stores exactly what calibrate() over the whole history gives, on the demo and on the edge region', () => {
    for (const regionId of [1, edge]) {
      const expected = calibrate(loadRegionData(services, regionId)!, today);
      expect(expected.quarters).toBeGreaterThan(3);
      expect(calibrateRegion(services, regionId, today)).toEqual(expected);
    }
    expect(calibrateRegion(services, 999, today)).toBeNull();
  });

  it('gives each quarter the items itemsAsOf gives, with the same statuses', () => {
    const data = loadRegionData(services, edge)!;
    const replay = replayOf(backtestInput(data, [], {}));
    const streamed = streamedItemsAt(services.repos.activity.columns(edge));
    let checked = 0;
    for (let q = shiftQuarter(quarterOf(today), -8); q <= quarterOf(today); q = shiftQuarter(q, 1)) {
      const cutoff = quarterStart(q);
      const from = packWindowStart(cutoff, quarterEnd(q));
      const expected = itemsAsOf(replay, cutoff).filter((i) => i.dueDate >= from && i.dueDate < cutoff);
      expect(byId(streamed(cutoff, from))).toEqual(byId(expected));
      checked += expected.filter((i) => i.status === 'done').length;
    }
    expect(checked).toBeGreaterThan(50);
    expect(() => streamed(quarterStart(shiftQuarter(quarterOf(today), -2)), '2020-01-01')).toThrow(/before the previous one/);
  });

  it('reads the columns of one snapshot: every item, only valid logs, in rematch order', () => {
    const { items, logs, strings } = services.repos.activity.columns(edge);
    const data = loadRegionData(services, edge)!;
    expect(items.count).toBe(data.items.length);
    const valid = data.logs.filter((l) => l.status === 'valid');
    expect(logs.count).toBe(valid.length);
    const order = Array.from({ length: logs.count }, (_, k) => [strings[logs.occurredOn[k]!]!, logs.id[k]!] as const);
    expect(order).toEqual(
      valid.map((l) => [l.occurredOn, l.id] as const).sort((a, b) => (a[0] !== b[0] ? (a[0] < b[0] ? -1 : 1) : a[1] - b[1])),
    );
  });
});
