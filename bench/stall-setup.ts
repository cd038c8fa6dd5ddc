import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { signToken } from '../src/method/access/link.js';
import { templateTables } from '../src/method/excel/export.js';
import { ORDER_SHEET } from '../src/method/excel/sheets.js';
import { toXlsx } from '../src/method/excel/workbook.js';
import { FEISHU_TEST_ENV } from '../tests/helpers/fake-feishu.js';
import { messagePayload, type WireRequest, wire } from '../tests/helpers/feishu-sign.js';
import { seedStep3 } from './step3-seed.js';

// The stall bench's region and inputs: the step-3 region seeded once into <dir>/bench.db (kept
// between runs), a manager and Feishu bindings for its reps, the /log traffic they send, and the
// 20,000-row workbook the manager uploads. Everything here runs before a phase is timed.

export const BENCH_REGION = '压测区';
const MANAGER = '压测主管';
/** Reps bound to a Feishu open id: the senders of the /log traffic and of /预测. */
const SENDERS = 500;

export interface Sender {
  openId: string;
  customer: string;
}

export interface Prepared {
  path: string;
  regionId: number;
  managerId: number;
  senders: Sender[];
}

/** Seeds <dir>/bench.db unless it exists; returns whether it did. */
export function seedOnce(dir: string, reps: number): boolean {
  mkdirSync(dir, { recursive: true });
  if (existsSync(join(dir, 'bench.db'))) return false;
  const seeded = seedStep3(dir, reps);
  seeded.services.db.$client.close();
  return true;
}

/**
 * Makes the file ready for a run (idempotent, before the server starts): a manager, bindings for
 * the first reps, and no stored calibration, so /预测 schedules one as on a new quarter.
 */
export function prepare(dir: string): Prepared {
  const path = join(dir, 'bench.db');
  const db = new Database(path);
  try {
    const regionId = (db.prepare('SELECT id FROM regions WHERE name = ?').get(BENCH_REGION) as { id: number }).id;
    const find = () =>
      db.prepare(`SELECT id FROM members WHERE name = ? AND region_id = ?`).get(MANAGER, regionId) as { id: number } | undefined;
    if (!find()) db.prepare(`INSERT INTO members (name, role, region_id) VALUES (?, 'manager', ?)`).run(MANAGER, regionId);
    const managerId = find()!.id;
    const rows = db
      .prepare(
        `SELECT m.id AS id, (SELECT c.name FROM customers c WHERE c.owner_id = m.id AND c.stage = 'incubating' ORDER BY c.id LIMIT 1) AS customer
         FROM members m WHERE m.region_id = ? AND m.role = 'rep' ORDER BY m.id LIMIT ?`,
      )
      .all(regionId, SENDERS) as Array<{ id: number; customer: string }>;
    const bind = db.prepare(`INSERT OR IGNORE INTO member_identities (member_id, platform, external_id) VALUES (?, 'feishu', ?)`);
    db.transaction(() => {
      for (const r of rows) bind.run(r.id, `ou_stall_${r.id}`);
      db.prepare('DELETE FROM calibrations WHERE region_id = ?').run(regionId);
      // A run stopped mid-phase leaves events in the inbox; resumed at start-up they would load the next run's phases.
      db.prepare(`DELETE FROM inbound_events WHERE state = 'pending'`).run();
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    return { path, regionId, managerId, senders: rows.map((r) => ({ openId: `ou_stall_${r.id}`, customer: r.customer })) };
  } finally {
    db.close();
  }
}

/** Events acked but not yet processed (the inbox's pending rows), read on a read-only connection. */
export function backlogReader(path: string): { pending(): number; calibrated(regionId: number): boolean; close(): void } {
  const db = new Database(path, { readonly: true });
  const pending = db.prepare(`SELECT count(*) FROM inbound_events WHERE state = 'pending'`).pluck();
  const calibrated = db.prepare('SELECT count(*) FROM calibrations WHERE region_id = ?').pluck();
  return { pending: () => pending.get() as number, calibrated: (id) => (calibrated.get(id) as number) > 0, close: () => db.close() };
}

/** Signed, encrypted Feishu messages, each with its own ids; signed `aheadMs` in the future so a long phase stays inside the 5-minute window. */
export function feishuMessages(prefix: string, texts: Array<{ openId: string; text: string }>, aheadMs = 0): WireRequest[] {
  const nowMs = Date.now() + aheadMs;
  return texts.map(({ openId, text }, i) =>
    wire(messagePayload({ text, messageId: `om_${prefix}_${i}`, userId: openId, token: FEISHU_TEST_ENV.FEISHU_VERIFICATION_TOKEN }), {
      encryptKey: FEISHU_TEST_ENV.FEISHU_ENCRYPT_KEY,
      nowMs,
    }),
  );
}

/** One /log per bound rep, for one of that rep's own customers; the load driver cycles through them, signing each when sent. */
export function logMessages(senders: Sender[]): Array<{ openId: string; text: string }> {
  return senders.map((s) => ({ openId: s.openId, text: `/log 现场回访 ${s.customer}` }));
}

/** A dashboard link token for the region's manager, as /看板 would sign it. */
export function managerToken(secret: string, p: Prepared): string {
  return signToken(secret, { m: p.managerId, role: 'manager', g: p.regionId, exp: Date.now() + 86_400_000 });
}

/** The import template's 订单 sheet with `rows` new collections (unique numbers per run) on the region's customers. */
export async function importWorkbook(path: string, regionId: number, rows: number): Promise<Buffer> {
  const db = new Database(path, { readonly: true });
  const names = db.prepare('SELECT name FROM customers WHERE region_id = ? ORDER BY id LIMIT ?').pluck().all(regionId, rows) as string[];
  db.close();
  const run = Date.now().toString(36);
  const orders = templateTables().find((t) => t.name === ORDER_SHEET.name)!;
  const data = Array.from({ length: rows }, (_, i) => [
    `SO-STALL-${run}-${i + 1}`,
    names[i % names.length]!,
    '回款',
    `2026-11-${String(1 + (i % 25)).padStart(2, '0')}`,
    1_000_00 * (1 + (i % 500)),
  ]);
  return toXlsx([{ ...orders, rows: [...orders.rows, ...data] }]);
}
