import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { fixedClock } from '../../../src/core/clock.js';
import { openDb } from '../../../src/db/client.js';
import { VIEW_CUSTOMER_COLUMNS } from '../../../src/db/repos/customers.repo.js';
import { scopeFor } from '../../../src/method/access/scope.js';
import { seedReferenceData } from '../../../src/method/reference/seed-reference.js';
import { createServices, type Services } from '../../../src/services.js';
import { seedSmallTeam } from '../../helpers/team.js';
import { buildTestApp, FIXED_NOW, testServices } from '../../helpers/test-app.js';

// The dashboard's kept view of a region (scope.ts) is re-read only when a row it holds changed:
// view_versions, moved by migration 0014's triggers. Under chat traffic every /记录 writes (a log,
// and the customer's trigger-kept last_pack_action_on); on the step-3 region a view re-read after
// each of them cost seconds of event loop per dashboard request (issue 15 item 4, issue 13).

const EXP = Date.parse('2100-01-01');

function setUp(services: Services) {
  const team = seedSmallTeam(services);
  const manager = { m: team.manager.id, role: 'manager' as const, g: team.region.id, exp: EXP };
  const reads = vi.spyOn(services.repos.customers, 'viewCustomers');
  const scope = () => scopeFor(services, manager)!;
  const customer = (id: number) => scope().teamCustomers.find((c) => c.id === id);
  return { team, reads, scope, customer, sql: services.db.$client };
}

const dirs: string[] = [];
const opened: Database.Database[] = [];
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the kept view and chat traffic', () => {
  it('a /记录 writes a log and the customer’s trigger-kept date, and the next dashboard request reuses the view', async () => {
    let t!: ReturnType<typeof setUp>;
    const { app, services } = await buildTestApp({ seed: (s) => (t = setUp(s)) });
    const before = t.scope();
    const lastPack = () => t.sql.prepare('SELECT last_pack_action_on FROM customers WHERE id = ?').pluck().get(t.team.customers.hdzg.id);
    expect(lastPack()).toBeNull();
    const res = await app.inject({ method: 'POST', url: '/console/messages', payload: { as: '小李', text: '/记录 现场回访 华东重工' } });
    expect(res.statusCode).toBe(200);
    // The write the old marker (any commit) re-read after: a log, and the customer row itself.
    expect(t.sql.prepare('SELECT count(*) FROM action_logs').pluck().get()).toBe(1);
    expect(lastPack()).toBe(services.today());
    const after = t.scope();
    expect(after.teamCustomers).toBe(before.teamCustomers);
    expect(t.reads).toHaveBeenCalledTimes(1);
  });

  it('derived dates, aliases and same-value rewrites leave it; a change to a member re-reads it', () => {
    const { services } = testServices();
    const t = setUp(services);
    const before = t.scope();
    t.sql.prepare(`UPDATE customers SET first_collection_on = '2026-01-05', created_at = 1 WHERE id = ?`).run(t.team.customers.jlj.id);
    // The same value written again: the nightly baseline refresh rewrites every baseline, most unchanged.
    t.sql.prepare('UPDATE customers SET baseline_fen = baseline_fen, stage = stage').run();
    expect(t.scope().teamCustomers).toBe(before.teamCustomers);
    t.sql.prepare(`UPDATE members SET reminders_paused_until = '2026-12-31' WHERE id = ?`).run(t.team.li.id);
    expect(t.scope().team.find((m) => m.id === t.team.li.id)!.remindersPausedUntil).toBe('2026-12-31');
    expect(t.reads).toHaveBeenCalledTimes(2);
  });
});

describe('a change to what the view holds is in the next request', () => {
  const changes: Array<[string, (t: ReturnType<typeof setUp>) => void, (t: ReturnType<typeof setUp>) => void]> = [
    [
      'a rename',
      (t) => t.sql.prepare(`UPDATE customers SET name = '华东重工集团' WHERE id = ?`).run(t.team.customers.hdzg.id),
      (t) => expect(t.customer(t.team.customers.hdzg.id)!.name).toBe('华东重工集团'),
    ],
    [
      'a stage change',
      (t) =>
        t.sql.prepare(`UPDATE customers SET stage = 'declining', stage_since = '2026-11-26' WHERE id = ?`).run(t.team.customers.jlj.id),
      (t) => expect(t.customer(t.team.customers.jlj.id)).toMatchObject({ stage: 'declining', stageSince: '2026-11-26' }),
    ],
    [
      'an owner change',
      (t) => t.sql.prepare('UPDATE customers SET owner_id = ? WHERE id = ?').run(t.team.wang.id, t.team.customers.hdjx.id),
      (t) => expect(t.customer(t.team.customers.hdjx.id)!.ownerId).toBe(t.team.wang.id),
    ],
    [
      'an insert',
      (t) =>
        t.sql
          .prepare(
            `INSERT INTO customers (name, owner_id, region_id, stage, stage_since) VALUES ('新客户', ?, ?, 'incubating', '2026-11-26')`,
          )
          .run(t.team.li.id, t.team.region.id),
      (t) => expect(t.scope().teamCustomers.map((c) => c.name)).toContain('新客户'),
    ],
    [
      'a delete',
      (t) => {
        t.sql.prepare('DELETE FROM due_items WHERE customer_id = ?').run(t.team.customers.hdzg.id);
        t.sql.prepare('DELETE FROM customers WHERE id = ?').run(t.team.customers.hdzg.id);
      },
      (t) => expect(t.customer(t.team.customers.hdzg.id)).toBeUndefined(),
    ],
    [
      'a new rep',
      (t) => t.sql.prepare(`INSERT INTO members (name, role, region_id) VALUES ('小新', 'rep', ?)`).run(t.team.region.id),
      (t) => expect(t.scope().team.map((m) => m.name)).toContain('小新'),
    ],
  ];
  it.each(changes)('%s', (_name, change, check) => {
    const { services } = testServices();
    const t = setUp(services);
    t.scope();
    change(t);
    check(t);
    expect(t.reads).toHaveBeenCalledTimes(2);
  });

  it('every column the view holds moves the version when it changes, and only those', () => {
    const { services } = testServices();
    const { team, sql } = setUp(services);
    const id = team.customers.jlj.id;
    const version = () => services.repos.customers.viewVersion();
    const values: Record<string, unknown> = {
      id: 9999,
      name: '金陵机床（新）',
      owner_id: team.li.id,
      region_id: sql.prepare(`INSERT INTO regions (name, weights_json) VALUES ('华北区', '{}')`).run().lastInsertRowid,
      stage: 'growing',
      stage_since: '2026-11-26',
      baseline_fen: 1,
      potential_fen: 2,
    };
    expect(Object.values(VIEW_CUSTOMER_COLUMNS).sort()).toEqual(Object.keys(values).sort());
    for (const [column, value] of Object.entries(values)) {
      const was = version();
      sql.prepare(`UPDATE customers SET ${column} = ? WHERE id = ?`).run(value, id);
      expect(version(), column).not.toBe(was);
      if (column === 'id') sql.prepare('UPDATE customers SET id = ? WHERE id = ?').run(id, value);
    }
    const was = version();
    sql
      .prepare(
        `UPDATE customers SET aliases_json = '["金"]', first_collection_on = '2026-01-01', last_pack_action_on = '2026-11-01', created_at = 5`,
      )
      .run();
    expect(version()).toBe(was);
  });
});

describe('a write from another connection', () => {
  it('is seen by the next request: another process moving a customer, but not its logs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'warroom-view-'));
    dirs.push(dir);
    const path = join(dir, 'warroom.db');
    const config = loadConfig({ DATABASE_PATH: path, LOG_LEVEL: 'silent' });
    const db = openDb(path);
    opened.push(db.$client);
    const services = createServices({ config, db, clock: fixedClock(FIXED_NOW), log: pino({ level: 'silent' }) });
    seedReferenceData(services);
    const t = setUp(services);
    const before = t.scope();
    const other = new Database(path);
    opened.push(other);
    other
      .prepare(
        `INSERT INTO action_logs (member_id, logged_by_id, customer_id, action_code, occurred_on, source_platform, source_message_id)
         VALUES (?, ?, ?, 'onsite_revisit', '2026-11-25', 'console', 'other-1')`,
      )
      .run(t.team.li.id, t.team.li.id, t.team.customers.hdzg.id);
    expect(t.scope().teamCustomers).toBe(before.teamCustomers);
    other.prepare('UPDATE customers SET owner_id = ? WHERE id = ?').run(t.team.wang.id, t.team.customers.hdzg.id);
    expect(t.customer(t.team.customers.hdzg.id)!.ownerId).toBe(t.team.wang.id);
    expect(t.reads).toHaveBeenCalledTimes(2);
  });
});
