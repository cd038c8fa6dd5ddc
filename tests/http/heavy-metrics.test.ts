import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it, onTestFinished } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { fixedClock } from '../../src/core/clock.js';
import { openDb } from '../../src/db/client.js';
import { seedDemo } from '../../src/demo/seed.js';
import { heavyIdle, runHeavy } from '../../src/method/heavy/run.js';
import { seedReferenceData } from '../../src/method/reference/seed-reference.js';
import { createServices } from '../../src/services.js';
import { seedSmallTeam } from '../helpers/team.js';
import { buildTestApp, FIXED_NOW } from '../helpers/test-app.js';

// What `npm run bench -- stall` reads of a server under load: the event loop's longest stall since
// the last scrape, the process's RSS, and each heavy job's peak RSS, behind METRICS_TOKEN.

const TOKEN = 'metrics-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };

/** The value of one sample line, e.g. `nodejs_eventloop_lag_max_seconds`, or null when absent. */
function sample(body: string, name: string): number | null {
  const line = body.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.slice(name.length + 1)) : null;
}

describe('/metrics: event-loop stalls', () => {
  it('reports the longest stall since the last scrape, then starts over', async () => {
    const { app } = await buildTestApp({ env: { METRICS_TOKEN: TOKEN }, seed: seedSmallTeam });
    await app.inject({ url: '/metrics', headers: auth }); // resets the delay histogram
    await new Promise((r) => setTimeout(r, 50));
    const until = Date.now() + 250;
    while (Date.now() < until) {
      /* a synchronous stall the monitor must see */
    }
    await new Promise((r) => setTimeout(r, 50));
    const first = (await app.inject({ url: '/metrics', headers: auth })).body;
    expect(sample(first, 'nodejs_eventloop_lag_max_seconds')).toBeGreaterThanOrEqual(0.2);
    expect(sample(first, 'nodejs_eventloop_lag_p99_seconds')).not.toBeNull();
    expect(sample(first, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(sample(first, 'warroom_process_max_rss_bytes')).toBeGreaterThan(10 * 1024 * 1024);
    const second = (await app.inject({ url: '/metrics', headers: auth })).body;
    expect(sample(second, 'nodejs_eventloop_lag_max_seconds')).toBeLessThan(0.2);
  });

  it('shows no secret and nothing without the token', async () => {
    const secret = 'dashboard-secret-0123456789abcdef';
    const { app } = await buildTestApp({ env: { METRICS_TOKEN: TOKEN, DASHBOARD_SECRET: secret }, seed: seedSmallTeam });
    const refused = await app.inject({ url: '/metrics' });
    expect(refused.statusCode).toBe(401);
    expect(refused.body).not.toContain('warroom_heavy');
    const body = (await app.inject({ url: '/metrics', headers: auth })).body;
    for (const s of [secret, TOKEN]) expect(body).not.toContain(s);
  });
});

describe('/metrics: heavy jobs', () => {
  it("counts each kind's jobs and reports the peak RSS its worker measured", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warroom-heavy-metrics-'));
    const path = join(dir, 'warroom.db');
    const config = loadConfig({ DATABASE_PATH: path, LOG_LEVEL: 'silent', METRICS_TOKEN: TOKEN });
    const services = createServices({ config, db: openDb(path), clock: fixedClock(FIXED_NOW), log: pino({ level: 'silent' }) });
    const { app } = await buildApp(services);
    onTestFinished(async () => {
      await heavyIdle(services);
      await app.close();
      services.db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    });
    seedReferenceData(services);
    seedDemo(services);
    const before = (await app.inject({ url: '/metrics', headers: auth })).body;
    expect(sample(before, 'warroom_heavy_jobs_running')).toBe(0);
    expect(before).not.toContain('warroom_heavy_peak_rss_bytes{');
    const regionId = services.repos.regions.all()[0]!.id;
    const job = runHeavy(services, { kind: 'calibration', args: { regionId, today: services.today() } });
    expect(sample((await app.inject({ url: '/metrics', headers: auth })).body, 'warroom_heavy_jobs_running')).toBe(1);
    await job;
    const after = (await app.inject({ url: '/metrics', headers: auth })).body;
    expect(sample(after, 'warroom_heavy_jobs_running')).toBe(0);
    expect(sample(after, 'warroom_heavy_jobs_started{kind="calibration"}')).toBe(1);
    expect(sample(after, 'warroom_heavy_peak_rss_bytes{kind="calibration"}')).toBeGreaterThan(10 * 1024 * 1024);
  }, 60_000);
});
