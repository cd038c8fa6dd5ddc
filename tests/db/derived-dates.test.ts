import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/demo/orders.js';
import { seedSmallTeam } from '../helpers/team.js';
import { testServices } from '../helpers/test-app.js';

// customers.first_collection_on and customers.last_pack_action_on are kept by the triggers of
// migrations 0006 and 0007. After every kind of write the app (or an operator in sqlite3) can make
// (REPLACE included, with the recursive_triggers pragma openDb sets), each
// customer's columns must equal the same facts recomputed from its rows.
describe('derived customer dates (triggers of migrations 0006 and 0007)', () => {
  function setup() {
    const { services } = testServices();
    const team = seedSmallTeam(services);
    const db = services.db.$client;
    const ids = Object.values(team.customers).map((c) => c.id);
    const reps = [team.li.id, team.wang.id];
    return { services, team, db, ids, reps };
  }

  type Row = { id: number; first_collection_on: string | null; last_pack_action_on: string | null };
  const kept = (db: ReturnType<typeof setup>['db']) =>
    db.prepare('SELECT id, first_collection_on, last_pack_action_on FROM customers ORDER BY id').all() as Row[];
  const recomputed = (db: ReturnType<typeof setup>['db']) =>
    db
      .prepare(`SELECT c.id,
      (SELECT min(o.date) FROM orders o WHERE o.customer_id = c.id AND o.kind = 'collection') AS first_collection_on,
      (SELECT max(l.occurred_on) FROM action_logs l JOIN action_types t ON t.code = l.action_code
        WHERE l.customer_id = c.id AND l.status = 'valid' AND t.stage = c.stage) AS last_pack_action_on
    FROM customers c ORDER BY c.id`)
      .all() as Row[];

  it('follows inserts, updates and deletes of orders and logs, stage changes and pack moves', () => {
    const { db, ids, reps } = setup();
    const rand = mulberry32(42);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
    const day = () =>
      `2026-${String(1 + Math.floor(rand() * 11)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
    const codes = ['onsite_revisit', 'tech_qa', 'exec_visit', 'joint_case', 'annual_review', 'tech_support', 'churn_interview'];
    const stages = ['incubating', 'growing', 'stable', 'declining'];
    // Rows are picked with the seeded generator (not SQLite's random()), so a failure replays.
    const rowId = (table: string) => {
      const n = db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
      return n === 0
        ? null
        : (db
            .prepare(`SELECT id FROM ${table} ORDER BY id LIMIT 1 OFFSET ?`)
            .pluck()
            .get(Math.floor(rand() * n)) as number);
    };
    const ops: Array<() => void> = [
      () =>
        db
          .prepare(`INSERT INTO orders (customer_id, kind, date, amount_fen) VALUES (?, ?, ?, 100)`)
          .run(pick(ids), pick(['order', 'collection']), day()),
      () => {
        const id = rowId('orders');
        if (id) db.prepare('UPDATE orders SET date = ? WHERE id = ?').run(day(), id);
      },
      () => {
        const id = rowId('orders');
        if (id) db.prepare('UPDATE orders SET kind = ?, customer_id = ? WHERE id = ?').run(pick(['order', 'collection']), pick(ids), id);
      },
      () => {
        const id = rowId('orders');
        if (id) db.prepare('DELETE FROM orders WHERE id = ?').run(id);
      },
      // REPLACE deletes the old row without firing delete triggers (recursive_triggers is off).
      () => {
        const id = rowId('orders');
        if (id)
          db.prepare(`INSERT OR REPLACE INTO orders (id, customer_id, kind, date, amount_fen) VALUES (?, ?, ?, ?, 100)`).run(
            id,
            pick(ids),
            pick(['order', 'collection']),
            day(),
          );
      },
      () => {
        const rep = pick(reps);
        db.prepare(`INSERT INTO action_logs (member_id, logged_by_id, customer_id, action_code, occurred_on, source_platform, source_message_id)
          VALUES (?, ?, ?, ?, ?, 'test', ?)`).run(rep, rep, pick(ids), pick(codes), day(), `m${rand()}`);
      },
      () => {
        const id = rowId('action_logs');
        if (id) db.prepare('UPDATE action_logs SET status = ? WHERE id = ?').run(pick(['valid', 'rejected', 'voided']), id);
      },
      () => {
        const id = rowId('action_logs');
        if (id) db.prepare('UPDATE action_logs SET occurred_on = ?, action_code = ? WHERE id = ?').run(day(), pick(codes), id);
      },
      () => {
        const id = rowId('action_logs');
        if (id) db.prepare('UPDATE action_logs SET customer_id = ? WHERE id = ?').run(pick(ids), id);
      },
      () => {
        const id = rowId('action_logs');
        if (id) db.prepare('DELETE FROM action_logs WHERE id = ?').run(id);
      },
      () => {
        const id = rowId('action_logs');
        const rep = pick(reps);
        if (id) {
          db.prepare(`INSERT OR REPLACE INTO action_logs (id, member_id, logged_by_id, customer_id, action_code, occurred_on, status, source_platform, source_message_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, 'test', ?)`).run(
            id,
            rep,
            rep,
            pick(ids),
            pick(codes),
            day(),
            pick(['valid', 'rejected']),
            `r${rand()}`,
          );
        }
      },
      () => db.prepare('UPDATE customers SET stage = ? WHERE id = ?').run(pick(stages), pick(ids)),
      () => db.prepare('UPDATE action_types SET stage = ? WHERE code = ?').run(pick(stages), pick(codes)),
    ];
    const seen = { first: 0, lastPack: 0 };
    for (let n = 0; n < 600; n++) {
      pick(ops)();
      const now = kept(db);
      expect(now, `after operation ${n}`).toEqual(recomputed(db));
      if (now.some((r) => r.first_collection_on !== null)) seen.first++;
      if (now.some((r) => r.last_pack_action_on !== null)) seen.lastPack++;
    }
    // Not vacuous: for much of the run both columns held dates, not only nulls.
    expect(seen.first).toBeGreaterThan(150);
    expect(seen.lastPack).toBeGreaterThan(150);
  });

  it('leaves the columns alone when the reference seed rewrites action types unchanged', () => {
    const { services, db, ids, team } = setup();
    db.prepare(`INSERT INTO action_logs (member_id, logged_by_id, customer_id, action_code, occurred_on, source_platform, source_message_id)
      VALUES (?, ?, ?, 'onsite_revisit', '2026-11-20', 'test', 'x1')`).run(team.li.id, team.li.id, ids[0]);
    // Corrupt the kept value on purpose: an unchanged upsert must not trigger a recompute.
    db.prepare('UPDATE customers SET last_pack_action_on = ? WHERE id = ?').run('2000-01-01', ids[0]);
    db.prepare(`INSERT INTO action_types (code, name, stage) VALUES ('onsite_revisit', 'x', 'incubating')
      ON CONFLICT (code) DO UPDATE SET stage = excluded.stage`).run();
    expect(services.repos.customers.byId(ids[0]!)!.lastPackActionOn).toBe('2000-01-01');
  });
});
