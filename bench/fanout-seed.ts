import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig } from '../src/config.js';
import type { Clock } from '../src/core/clock.js';
import { openDb } from '../src/db/client.js';
import { addDays, type LocalDate } from '../src/domain/dates.js';
import { seedReferenceData } from '../src/method/reference/seed-reference.js';
import { createServices, type Services } from '../src/services.js';

// The fan-out bench's organisation in a real SQLite file: 100 regions, each a manager and 20 reps,
// each region bound to a Feishu group, each member with a Feishu open_id. Every rep has 3 customers and
// two due items a week for the three weeks before MONDAY (every 5th rep did one of two: 50%, under the
// 70% warning line two weeks running) and two open this week (the reminders' content).

export const MONDAY: LocalDate = '2026-11-30';
/** 09:07 Asia/Shanghai, the default SCHEDULE_WEEKLY_REPORT on MONDAY. */
export const MONDAY_AT = `${MONDAY}T01:07:00.000Z`;
export const REGIONS = 100;
export const REPS_PER_REGION = 20;
const ACTIONS = ['onsite_revisit', 'tech_qa'] as const;

type Stmt = { run(...args: unknown[]): { lastInsertRowid: number | bigint } };

function statements(services: Services) {
  const p = (sql: string) => services.db.$client.prepare(sql) as unknown as Stmt;
  return {
    region: p(`INSERT INTO regions (name, weights_json) VALUES (?, '{"growing":40,"incubating":15,"stable":30,"declining":15}')`),
    chat: p(`INSERT INTO region_chats (region_id, platform, chat_id) VALUES (?, 'feishu', ?)`),
    member: p(`INSERT INTO members (name, role, region_id, manager_id) VALUES (?, ?, ?, ?)`),
    identity: p(`INSERT INTO member_identities (member_id, platform, external_id) VALUES (?, 'feishu', ?)`),
    customer: p(`INSERT INTO customers (name, owner_id, region_id, stage, stage_since) VALUES (?, ?, ?, 'incubating', '2026-01-01')`),
    item: p(
      `INSERT INTO due_items (member_id, customer_id, action_code, period, window_start, window_end, due_date, status, completed_by_log_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    log: p(
      `INSERT INTO action_logs (member_id, logged_by_id, customer_id, action_code, occurred_on, source_platform, source_message_id) VALUES (?, ?, ?, ?, ?, 'bench', ?)`,
    ),
  };
}

type Stmts = ReturnType<typeof statements>;

/** Two items a week for weeks -3..0 around MONDAY; past ones done unless the rep is a weak one. */
function seedRep(st: Stmts, regionId: number, rep: number, weak: boolean): void {
  const customers = [1, 2, 3].map((k) => Number(st.customer.run(`客户${rep}-${k}`, rep, regionId).lastInsertRowid));
  for (let w = -3; w <= 0; w++) {
    const monday = addDays(MONDAY, 7 * w);
    ACTIONS.forEach((code, i) => {
      const customer = customers[(w + 3 + i) % 3]!;
      const due = addDays(monday, 1 + 2 * i);
      const done = w < 0 && (!weak || i === 0);
      const log = done ? Number(st.log.run(rep, rep, customer, code, due, `fanout-${rep}-${w}-${i}`).lastInsertRowid) : null;
      st.item.run(rep, customer, code, `W${w}`, monday, addDays(monday, 6), due, done ? 'done' : 'open', log);
    });
  }
}

function seedRegion(st: Stmts, r: number): void {
  const regionId = Number(st.region.run(`压测${r}区`).lastInsertRowid);
  st.chat.run(regionId, `oc_region_${r}`);
  const manager = Number(st.member.run(`经理${r}`, 'manager', regionId, null).lastInsertRowid);
  st.identity.run(manager, `ou_manager_${r}`);
  for (let k = 1; k <= REPS_PER_REGION; k++) {
    const rep = Number(st.member.run(`销售${r}-${k}`, 'rep', regionId, manager).lastInsertRowid);
    st.identity.run(rep, `ou_rep_${r}_${k}`);
    seedRep(st, regionId, rep, k % 5 === 0);
  }
}

export interface FanoutDb {
  services: Services;
  close(): void;
}

/** A temp database seeded in one transaction, with Feishu configured against `apiBase`. */
export function seedFanout(env: Record<string, string>, clock: Clock): FanoutDb {
  const dir = mkdtempSync(join(tmpdir(), 'warroom-fanout-'));
  const path = join(dir, 'bench.db');
  const config = loadConfig({ ...env, DATABASE_PATH: path, LOG_LEVEL: 'silent' });
  const db = openDb(path);
  const services = createServices({ config, db, clock, log: pino({ level: 'silent' }) });
  seedReferenceData(services);
  const st = statements(services);
  db.$client.transaction(() => {
    for (let r = 1; r <= REGIONS; r++) seedRegion(st, r);
  })();
  db.$client.exec('ANALYZE');
  return {
    services,
    close: () => {
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
