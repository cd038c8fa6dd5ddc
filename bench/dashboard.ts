import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import pino from 'pino';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { fixedClock } from '../src/core/clock.js';
import { openDb, SERVER_BUSY_TIMEOUT_MS } from '../src/db/client.js';
import { ARTICLE_EFFECTS } from '../src/domain/forecast.js';
import { dashboardSecret, signToken } from '../src/method/access/link.js';
import { heavyIdle } from '../src/method/heavy/run.js';
import { createServices, type Services } from '../src/services.js';
import { seedStep3, TODAY } from './step3-seed.js';

// npm run bench -- dashboard [dir]: every JSON route of the dashboard for the manager of the step-3
// region (2,000 reps, 100,000 customers), served by the real app (app.inject) on a database file, as
// the server runs: each request's time and the longest event-loop stall while it ran
// (perf_hooks.monitorEventLoopDelay). Per route: its first request, the same request again with
// nothing written, and the request after a /记录 (one action log written on the server's connection,
// what chat traffic does between two dashboard requests). Then a customer renamed, which the view
// must show. The region is seeded into <dir>/bench.db once (2-3 min of CPU) and kept.

const ROUTES = ['summary.json', 'quarter.json', 'board.json', 'heat.json', 'forecast.json', 'map.json'] as const;
const REQUEST_TIMEOUT_MS = 300_000;
const BENCH_TIMEOUT_MS = 30 * 60_000;

interface Measure {
  ms: number;
  stallMs: number;
  status: number;
}

function openServices(path: string): Services {
  const config = loadConfig({ DATABASE_PATH: path, LOG_LEVEL: 'silent' });
  const db = openDb(path, { busyTimeoutMs: SERVER_BUSY_TIMEOUT_MS });
  return createServices({ config, db, clock: fixedClock(`${TODAY}T02:00:00.000Z`), log: pino({ level: 'silent' }) });
}

/** Untimed and idempotent: the region's manager, a year target, and a stored calibration (never computed here). */
function setUp(services: Services) {
  const db = services.db.$client;
  const regionId = db.prepare(`SELECT id FROM regions WHERE name = '压测区'`).pluck().get() as number;
  const find = () => db.prepare(`SELECT id FROM members WHERE name = '压测主管'`).pluck().get() as number | undefined;
  const manager =
    find() ??
    Number(db.prepare(`INSERT INTO members (name, role, region_id) VALUES ('压测主管', 'manager', ?)`).run(regionId).lastInsertRowid);
  if (services.repos.regions.target(regionId, TODAY.slice(0, 4)) === null)
    services.repos.targets.setRegionTarget(regionId, TODAY.slice(0, 4), 4_000_000_000_000);
  const cal = { mape: 0.2, effects: { source: 'article' as const, ...ARTICLE_EFFECTS, n: 0, quarters: 0 }, quarters: 0 };
  services.repos.calibrations.put({ regionId, asOf: TODAY, json: JSON.stringify(cal), computedAt: 0 });
  const rep = db.prepare(`SELECT id FROM members WHERE name = '销售1'`).pluck().get() as number;
  const customer = db.prepare('SELECT id FROM customers WHERE owner_id = ? ORDER BY id LIMIT 1').pluck().get(rep) as number;
  return { regionId, manager, rep, customer };
}

const within = <T>(p: Promise<T>, what: string): Promise<T> =>
  Promise.race([
    p,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what}: no answer in ${REQUEST_TIMEOUT_MS} ms`)), REQUEST_TIMEOUT_MS).unref(),
    ),
  ]);

export async function benchDashboard(dir = process.argv[3] ?? '/tmp/warroom-dashboard-step3'): Promise<string> {
  const watchdog = setTimeout(() => {
    console.error(`dashboard bench: over ${BENCH_TIMEOUT_MS / 60_000} min, stopped`);
    process.exit(1);
  }, BENCH_TIMEOUT_MS).unref();
  const path = join(dir, 'bench.db');
  if (!existsSync(path)) seedStep3(dir).services.db.$client.close();
  const services = openServices(path);
  const ids = setUp(services);
  const token = signToken(dashboardSecret(services), { m: ids.manager, role: 'manager', g: ids.regionId, exp: Date.parse('2100-01-01') });
  const { app } = await buildApp(services);
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const get = async (route: string): Promise<Measure> => {
    const extra = route === 'map.json' ? `&rep=${ids.rep}` : '';
    loop.reset();
    // The first delay after a reset is not recorded (it has no previous tick): let one tick pass first.
    await new Promise((r) => setTimeout(r, 25));
    const t0 = performance.now();
    const res = await within(app.inject({ url: `/warroom/api/${route}?t=${token}${extra}` }), route);
    const ms = performance.now() - t0;
    // A stall is recorded when the late timer fires: give it one turn after the answer.
    await new Promise((r) => setTimeout(r, 30));
    return { ms, stallMs: loop.max / 1e6, status: res.statusCode };
  };
  let logs = 0;
  const logOne = () =>
    services.db.$client
      .prepare(
        `INSERT INTO action_logs (member_id, logged_by_id, customer_id, action_code, occurred_on, source_platform, source_message_id)
         VALUES (?, ?, ?, 'tech_qa', ?, 'bench', ?)`,
      )
      .run(ids.rep, ids.rep, ids.customer, TODAY, `dash-${Date.now()}-${++logs}`);
  const rows: string[] = [];
  const line = (name: string, m: Measure) =>
    `${name.padEnd(34)} ${m.ms.toFixed(0).padStart(6)} ms  stall ${m.stallMs.toFixed(0).padStart(6)} ms  (HTTP ${m.status})`;
  try {
    for (const route of ROUTES) {
      rows.push(line(`${route} first`, await get(route)));
      rows.push(line(`${route} again`, await get(route)));
      logOne();
      rows.push(line(`${route} after a /记录`, await get(route)));
    }
    services.db.$client.prepare(`UPDATE customers SET name = name || '·' WHERE id = ?`).run(ids.customer);
    rows.push(line('summary.json after a rename', await get('summary.json')));
    rows.push(line('summary.json again', await get('summary.json')));
  } finally {
    loop.disable();
    await app.close();
    await heavyIdle(services);
    services.db.$client.prepare(`DELETE FROM action_logs WHERE source_message_id LIKE 'dash-%'`).run();
    services.db.$client.prepare(`UPDATE customers SET name = rtrim(name, '·') WHERE id = ?`).run(ids.customer);
    services.db.$client.close();
    clearTimeout(watchdog);
  }
  return [`## Dashboard on the step-3 region (${path}): the manager's link, app.inject`, ...rows].join('\n');
}
