import { describe, expect, it } from 'vitest';
import { seedSmallTeam } from '../helpers/team.js';
import { buildTestApp } from '../helpers/test-app.js';

const TOKEN = 'metrics-token-0123456789';

describe('/metrics', () => {
  it('is off unless METRICS_TOKEN is set', async () => {
    const { app } = await buildTestApp();
    expect((await app.inject({ url: '/metrics' })).statusCode).toBe(404);
    await app.close();
  });

  it('needs the token, then counts events, duplicates, command latency, outbox, inbox, jobs and the event loop', async () => {
    const { app, metrics } = await buildTestApp({ env: { METRICS_TOKEN: TOKEN }, seed: seedSmallTeam });
    expect((await app.inject({ url: '/metrics' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/metrics', headers: { authorization: 'Bearer wrong-token-0123456789' } })).statusCode).toBe(401);
    const send = (id: string) => app.inject({ method: 'POST', url: '/console/messages', payload: { as: '小李', text: '/我的', id } });
    await send('m-1');
    await send('m-1');
    await send('m-2');
    metrics.jobRuns.inc({ job: 'prune', status: 'failed' });
    const res = await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const body = res.body;
    expect(body).toContain('warroom_events_received_total{platform="console"} 3');
    expect(body).toContain('warroom_events_acked_total{platform="console"} 2');
    expect(body).toContain('warroom_events_deduplicated_total{platform="console"} 1');
    expect(body).toContain('warroom_command_duration_seconds_count{kind="message"} 3');
    expect(body).toMatch(/warroom_outbox_pending \d+/);
    expect(body).toMatch(/warroom_outbox_oldest_age_seconds \d+/);
    expect(body).toContain('warroom_inbox_events 2');
    expect(body).toContain('warroom_job_runs_total{job="prune",status="failed"} 1');
    expect(body).toMatch(/nodejs_eventloop_lag_p99_seconds [\d.e-]+/);
    await app.close();
  });
});

describe('/healthz and /readyz', () => {
  it('healthz is liveness; readyz checks the database, the migrations and long connections', async () => {
    const { app, adapters, services } = await buildTestApp();
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
    const ready = await app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready', checks: { database: { ok: true }, migrations: { ok: true } } });
    // A platform whose long connection is down makes the service not ready (and still alive).
    (adapters[0] as { connected?: () => boolean }).connected = () => false;
    const down = await app.inject({ url: '/readyz' });
    expect(down.statusCode).toBe(503);
    expect(down.json().checks['platform:console']).toEqual({ ok: false });
    services.db.$client
      .prepare('DELETE FROM __drizzle_migrations WHERE created_at = (SELECT max(created_at) FROM __drizzle_migrations)')
      .run();
    expect((await app.inject({ url: '/readyz' })).json().checks.migrations.ok).toBe(false);
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
    await app.close();
  });
});
