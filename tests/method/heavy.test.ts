import { describe, expect, it } from 'vitest';
import { CALIBRATING_LINE } from '../../cards/forecast.js';
import { buildApp } from '../../src/app.js';
import { baselineWindow } from '../../src/domain/baseline.js';
import { runPrune } from '../../src/jobs/prune.js';
import { scopeFor } from '../../src/method/access/scope.js';
import { dashboardViewJson } from '../../src/method/heavy/dashboard-kinds.js';
import { heavyIdle, heavyStats, runHeavy } from '../../src/method/heavy/run.js';
import { JOB_BODIES } from '../../src/method/jobs/bodies.js';
import { runJobBody } from '../../src/method/jobs/off-thread.js';
import type { heatJson } from '../../src/method/metrics/board.js';
import { forecastJson } from '../../src/method/metrics/forecast-view.js';
import { quarterJson } from '../../src/method/metrics/quarter-view.js';
import { mapJson } from '../../src/method/plans/map-view.js';
import type { Services } from '../../src/services.js';
import { fileServicesFor } from '../helpers/file-services.js';

// Heavy work off the request path (issue 13 item 3): on a database file, the forecast calibration,
// the nightly refresh and the backtest run in a worker thread with its own connection; a request
// answers at once with what is stored (or the article's defaults, saying so).

const fileServices = fileServicesFor('heavy');

/** A dashboard panel's bytes from the worker, as text. */
const text = (body: Uint8Array | null) => Buffer.from(body!).toString('utf8');

const storedRows = (s: Services) => (s.db.$client.prepare('SELECT count(*) AS n FROM calibrations').get() as { n: number }).n;

async function forecastAs(services: Services, who: string) {
  const { app } = await buildApp(services);
  try {
    const res = await app.inject({ method: 'POST', url: '/console/messages', payload: { as: who, text: '/预测' } });
    return res.json().replies[0].reply as { lines: string[] };
  } finally {
    await app.close();
  }
}

// Each worker starts tsx and opens the file: seconds on a busy 2-core machine.
describe('heavy work in a worker thread (database file)', { timeout: 60_000 }, () => {
  it('/预测 with no stored calibration answers at once with the defaults, saying so; the worker stores it', async () => {
    const services = fileServices();
    expect(storedRows(services)).toBe(0);
    const first = await forecastAs(services, '张经理');
    expect(first.lines).toContain(CALIBRATING_LINE);
    expect(first.lines[1]).toContain('还没有可回测的完整季度');
    // Answered before the replay: nothing stored yet, the job is queued or running.
    expect(storedRows(services)).toBe(0);
    await heavyIdle(services);
    expect(storedRows(services)).toBe(1);
    expect(heavyStats(services).started.calibration).toBe(1);
    const second = await forecastAs(services, '张经理');
    expect(second.lines).not.toContain(CALIBRATING_LINE);
    expect(second.lines[1]).toContain('按 7 个季度回测误差 MAPE');
  });

  it('ten concurrent requests for the same calibration start one computation', async () => {
    const services = fileServices();
    const { app } = await buildApp(services);
    try {
      const say = (as: string) => app.inject({ method: 'POST', url: '/console/messages', payload: { as, text: '/预测' } });
      const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => say(i % 2 ? '小李' : '张经理')));
      expect(answers.every((r) => r.statusCode === 200)).toBe(true);
      await heavyIdle(services);
    } finally {
      await app.close();
    }
    expect(heavyStats(services).started).toEqual({ calibration: 1 });
    expect(storedRows(services)).toBe(1);
  });

  it('runHeavy shares one promise for the same job and queues another kind of job separately', async () => {
    const services = fileServices();
    const today = services.today();
    const a = runHeavy(services, { kind: 'calibration', args: { regionId: 1, today } });
    const b = runHeavy(services, { kind: 'calibration', args: { regionId: 1, today } });
    expect(b).toBe(a);
    const bt = runHeavy(services, { kind: 'backtest', args: { regionId: 1, today } });
    const [cal, report] = await Promise.all([a, bt]);
    expect(cal).toMatchObject({ regionId: 1, quarters: 7 });
    expect(report?.text).toContain('华东区');
    expect(heavyStats(services).started).toEqual({ calibration: 1, backtest: 1 });
    expect(heavyStats(services).peakRssBytes.calibration).toBeGreaterThan(0);
  });

  it('a dashboard export is read and shaped in the worker', async () => {
    const services = fileServices();
    const [logs] = await runHeavy(services, { kind: 'export', args: { kind: 'logs', regionIds: [1] } });
    expect(logs!.rows.length).toBe(services.db.$client.prepare('SELECT count(*) AS n FROM action_logs').pluck().get());
    expect(heavyStats(services).started).toEqual({ export: 1 });
  });

  it("the dashboard's first screen computed in the worker equals the inline one", async () => {
    const services = fileServices();
    const manager = services.repos.members.all().find((m) => m.role === 'manager')!;
    const viewer = { m: manager.id, role: manager.role, g: manager.regionId, exp: 0 };
    const inWorker = await runHeavy(services, { kind: 'quarter', args: { viewer } });
    expect(inWorker).toEqual(quarterJson(services, scopeFor(services, viewer)!));
    expect(inWorker!.regions[0]!.target.targetFen).not.toBeNull();
    expect(await runHeavy(services, { kind: 'quarter', args: { viewer: { ...viewer, role: 'rep' } } })).toBeNull();
  });

  it("the dashboard's heat map, action board and forecast computed in the worker equal the inline ones", { timeout: 180_000 }, async () => {
    const services = fileServices();
    const manager = services.repos.members.all().find((m) => m.role === 'manager')!;
    const viewer = { m: manager.id, role: manager.role, g: manager.regionId, exp: 0 };
    const views = ['heat', 'board', 'forecast'] as const;
    // Asked for together, as the page does: one queue, one worker after the other.
    const inWorker = await Promise.all(views.map((view) => runHeavy(services, { kind: 'dashboard', args: { viewer, view } })));
    const scope = scopeFor(services, viewer)!;
    views.forEach((view, i) => {
      expect(text(inWorker[i]!.body), view).toBe(JSON.stringify(dashboardViewJson(services, scope, { view })));
    });
    expect(text(inWorker[2]!.body)).toBe(JSON.stringify(forecastJson(services, scope)));
    expect((JSON.parse(text(inWorker[0]!.body)) as ReturnType<typeof heatJson>).cells.length).toBeGreaterThan(0);
    expect(heavyStats(services).started).toEqual({ dashboard: 3 });
  });

  it("a rep's battle map in the worker equals the inline one; an unknown rep is null inside, a changed link null", {
    timeout: 180_000,
  }, async () => {
    const services = fileServices();
    const rep = services.repos.members.all().find((m) => m.name === '小李')!;
    const viewer = { m: rep.id, role: rep.role, g: rep.regionId, exp: 0 };
    const map = await runHeavy(services, { kind: 'dashboard', args: { viewer, view: 'map' } });
    expect(text(map!.body)).toBe(JSON.stringify(mapJson(services, scopeFor(services, viewer)!, rep.id)));
    expect((JSON.parse(text(map!.body)) as NonNullable<ReturnType<typeof mapJson>>).stages.length).toBeGreaterThan(0);
    const [other, changed] = await Promise.all([
      runHeavy(services, { kind: 'dashboard', args: { viewer, view: 'map', rep: rep.id + 1 } }),
      runHeavy(services, { kind: 'dashboard', args: { viewer: { ...viewer, role: 'manager' }, view: 'heat' } }),
    ]);
    expect(other).toEqual({ body: null });
    expect(changed).toBeNull();
  });

  it('a failing job rejects its callers and the next job of the kind still runs', async () => {
    const services = fileServices();
    const today = services.today();
    // A kind the worker does not know throws there; it comes back as a rejection, not a hang.
    const broken = runHeavy(services, { kind: 'nonsense' as 'calibration', args: { regionId: 1, today } });
    const next = runHeavy(services, { kind: 'nonsense' as 'calibration', args: { regionId: 2, today } });
    await expect(broken).rejects.toThrow(/heavy job nonsense failed/);
    await expect(next).rejects.toThrow(/heavy job nonsense failed/);
    await expect(runHeavy(services, { kind: 'calibration', args: { regionId: 1, today } })).resolves.toMatchObject({ quarters: 7 });
  });

  it('the nightly job computes the calibrations in the worker and reports them as pending', async () => {
    const services = fileServices();
    const r = runPrune(services, services.clock.now());
    expect(r.summary).toContain('预测校准 1 个区域（后台计算中）');
    expect(storedRows(services)).toBe(0);
    await r.pending;
    expect(storedRows(services)).toBe(1);
    expect(heavyStats(services).started).toEqual({ prune: 1, calibrations: 1 });
  });

  it("the nightly prune's deletes and baseline refresh run in the worker, with the inline path's results", async () => {
    const services = fileServices();
    const at = services.clock.now();
    const count = (sql: string) => services.db.$client.prepare(sql).pluck().get() as number;
    const longAgo = at.getTime() - 40 * 86_400_000;
    services.repos.inbound.claim('feishu', 'om_old', longAgo);
    services.repos.inbound.claim('feishu', 'om_recent', at.getTime());
    // Baselines the refresh must put back: the demo's as stored, then wiped.
    const baselines = () => services.db.$client.prepare('SELECT id, baseline_fen FROM customers ORDER BY id').all();
    services.repos.customers.recomputeBaselines(baselineWindow(services.today()));
    const expected = baselines();
    services.db.$client.prepare('UPDATE customers SET baseline_fen = 0').run();
    const r = runPrune(services, at);
    expect(r.status).toBe('done');
    expect(r.summary).toContain('在后台处理');
    // Returned before the worker ran: nothing deleted on this thread.
    expect(count("SELECT count(*) FROM inbound_events WHERE event_id = 'om_old'")).toBe(1);
    await r.pending;
    expect(count("SELECT count(*) FROM inbound_events WHERE event_id = 'om_old'")).toBe(0);
    expect(count("SELECT count(*) FROM inbound_events WHERE event_id = 'om_recent'")).toBe(1);
    expect(baselines()).toEqual(expected);
    expect(expected.some((row) => (row as { baseline_fen: number }).baseline_fen > 0)).toBe(true);
    expect(heavyStats(services).started).toMatchObject({ prune: 1 });
    expect(runPrune(services, at).status).toBe('already');
  });

  it("a scheduled job's body run in the worker writes the same run and outbox rows as inline, and hands its calibration back", async () => {
    const inWorker = fileServices();
    const inline = fileServices();
    const at = inWorker.clock.now();
    const rows = (s: Services) =>
      s.db.$client.prepare('SELECT idempotency_key, platform, target_kind, target_id, payload_json, state FROM outbox ORDER BY id').all();
    const runs = (s: Services) => s.db.$client.prepare('SELECT job, period_key, late, detail FROM job_runs ORDER BY id').all();
    for (const name of ['weekly-report', 'warnings', 'reminders'] as const) {
      const here = JOB_BODIES[name](inline, at, { late: true });
      // Returned as plain data from the worker's connection; nothing was computed on this thread.
      expect(await runJobBody(inWorker, name, at, { late: true })).toEqual(here);
      expect(here.enqueued.length).toBeGreaterThan(0);
    }
    expect(rows(inWorker)).toEqual(rows(inline));
    expect(runs(inWorker)).toEqual(runs(inline));
    // No calibration stored: the report asked for one in the worker, and this process started it.
    expect(heavyStats(inWorker).started).toMatchObject({ job: 3 });
    await heavyIdle(inWorker);
    expect(heavyStats(inWorker).started).toMatchObject({ calibration: 1 });
    expect(storedRows(inWorker)).toBe(1);
    expect(await runJobBody(inWorker, 'weekly-report', at)).toMatchObject({ status: 'already', enqueued: [] });
  });
});
