import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig } from '../src/config.js';
import { fixedClock } from '../src/core/clock.js';
import { openDb } from '../src/db/client.js';
import { mulberry32 } from '../src/demo/orders.js';
import { addDays, type LocalDate } from '../src/domain/dates.js';
import { STAGES, type Stage } from '../src/domain/stages.js';
import { seedReferenceData } from '../src/method/reference/seed-reference.js';
import { createServices, type Services } from '../src/services.js';

// Seeds the step-3 benchmark's region into a real SQLite file (the real migrations via openDb):
// 2,000 reps x 50 customers, a year of due items and logs, two years of collections. Rows are
// streamed into prepared statements inside one transaction, never held in arrays, so the
// process's peak RSS is the figures' own and not the generator's.

export const TODAY: LocalDate = '2026-11-26';
export const REPS = 2000;
export const PER_REP = 50;

/** Each stage's pack as (action, items per year); dates are spread evenly over the year. */
const PACK: Record<Stage, Array<[string, number]>> = {
  incubating: [
    ['onsite_revisit', 12],
    ['tech_qa', 26],
    ['trial_upgrade', 4],
  ],
  growing: [
    ['exec_visit', 4],
    ['competitor_report', 4],
    ['joint_case', 2],
  ],
  stable: [
    ['satisfaction_survey', 2],
    ['annual_review', 1],
    ['holiday_care', 4],
  ],
  declining: [
    ['churn_interview', 1],
    ['improvement_proposal', 1],
    ['tech_support', 12],
  ],
};

export interface SeededRegion {
  services: Services;
  regionId: number;
  counts: { items: number; logs: number; collections: number };
  close(): void;
}

type Stmt = { run(...args: unknown[]): { lastInsertRowid: number | bigint } };

function statements(services: Services) {
  const db = services.db.$client;
  const p = (sql: string) => db.prepare(sql) as unknown as Stmt;
  return {
    member: p(`INSERT INTO members (name, role, region_id) VALUES (?, 'rep', ?)`),
    customer: p(`INSERT INTO customers (name, owner_id, region_id, stage, stage_since) VALUES (?, ?, ?, ?, ?)`),
    order: p(`INSERT INTO orders (customer_id, kind, date, amount_fen) VALUES (?, 'collection', ?, ?)`),
    item: p(
      `INSERT INTO due_items (member_id, customer_id, action_code, period, window_start, window_end, due_date, status, completed_by_log_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    log: p(
      `INSERT INTO action_logs (member_id, logged_by_id, customer_id, action_code, occurred_on, source_platform, source_message_id) VALUES (?, ?, ?, ?, ?, 'bench', ?)`,
    ),
  };
}

/** Same generator (seed, shapes, counts) as the in-memory version this bench used before. */
function seedRows(services: Services, regionId: number, reps: number): SeededRegion['counts'] {
  const st = statements(services);
  const rand = mulberry32(7);
  const day = (offset: number) => addDays(TODAY, offset);
  const counts = { items: 0, logs: 0, collections: 0 };
  for (let r = 1; r <= reps; r++) {
    const rep = Number(st.member.run(`销售${r}`, regionId).lastInsertRowid);
    for (let k = 0; k < PER_REP; k++) {
      const stage = STAGES[k % 4]!;
      const id = Number(st.customer.run(`客户${(r - 1) * PER_REP + k + 1}`, rep, regionId, stage, day(-400)).lastInsertRowid);
      for (let q = 0; q < 8; q++) {
        st.order.run(id, day(-730 + q * 91 + Math.floor(rand() * 60)), Math.round(1e7 * (0.5 + rand())));
        counts.collections++;
      }
      for (const [code, perYear] of PACK[stage]) {
        const step = 365 / perYear;
        for (let n = 0; n < perYear; n++) {
          const due = -365 + Math.floor(n * step + rand() * step);
          const done = due < 0 && rand() < 0.8;
          const logId = done ? Number(st.log.run(rep, rep, id, code, day(due), `m${counts.logs + 1}`).lastInsertRowid) : null;
          if (done) counts.logs++;
          st.item.run(rep, id, code, `P${n}`, day(due - 7), day(due + 7), day(due), done ? 'done' : 'open', logId);
          counts.items++;
        }
      }
    }
  }
  return counts;
}

/** A fresh database file in a temp dir with the region seeded; close() removes it. `reps` < REPS: a smaller region to develop against. */
export function seedStep3(dir = mkdtempSync(join(tmpdir(), 'warroom-step3-')), reps = REPS): SeededRegion {
  const path = join(dir, 'bench.db');
  const config = loadConfig({ DATABASE_PATH: path, LOG_LEVEL: 'silent' });
  const db = openDb(path);
  const services = createServices({ config, db, clock: fixedClock(`${TODAY}T02:00:00.000Z`), log: pino({ level: 'silent' }) });
  seedReferenceData(services);
  const regionId = Number(db.$client.prepare(`INSERT INTO regions (name, weights_json) VALUES ('压测区', '{}')`).run().lastInsertRowid);
  const counts = db.$client.transaction(() => seedRows(services, regionId, reps))();
  // Fresh statistics, as a long-running database would have after `PRAGMA optimize`.
  db.$client.exec('ANALYZE');
  return {
    services,
    regionId,
    counts,
    close: () => {
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
