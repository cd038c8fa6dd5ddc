import { describe, expect, it } from 'vitest';
import { text } from '../../src/core/reply.js';
import { runWarnings } from '../../src/jobs/warnings.js';
import { runWeeklyReport } from '../../src/jobs/weekly-report.js';
import { backoffMs, deliverDue, enqueue, MAX_ATTEMPTS } from '../../src/method/delivery/outbox.js';
import { buildTestApp } from '../helpers/test-app.js';
import { fakeAdapter, fileDb, jobsSetup, MONDAY_0907, outboxRows, seedJobsTeam } from './setup.js';

const msg = (key: string) => ({
  key,
  platform: 'console' as const,
  target: { kind: 'chat' as const, id: 'console-group' },
  reply: text(key),
});

describe('outbox sender', () => {
  it('one poll sends every due row, batch after batch, each once', async () => {
    const db = fileDb();
    const { services } = db.open(MONDAY_0907);
    enqueue(
      services,
      Array.from({ length: 130 }, (_, i) => msg(`bulk-${i}`)),
      new Date(MONDAY_0907),
    );
    const fake = fakeAdapter();
    expect(await deliverDue(services, [fake.adapter])).toEqual({ sent: 130, retrying: 0, failed: 0 });
    expect(new Set(fake.calls.map((c) => c.key)).size).toBe(130);
    expect(await deliverDue(services, [fake.adapter])).toEqual({ sent: 0, retrying: 0, failed: 0 });
    services.db.$client.close();
  });

  it('a crash between writing and sending gives exactly one delivery after restart', async () => {
    const db = fileDb();
    const first = db.open(MONDAY_0907);
    seedJobsTeam(first.services);
    runWeeklyReport(first.services, new Date(MONDAY_0907));
    runWarnings(first.services, new Date(MONDAY_0907));
    first.services.db.$client.close(); // the crash: rows written, nothing sent
    const second = db.open('2026-11-30T01:20:00Z');
    const fake = fakeAdapter();
    expect(await deliverDue(second.services, [fake.adapter])).toEqual({ sent: 3, retrying: 0, failed: 0 });
    expect(await deliverDue(second.services, [fake.adapter])).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(fake.calls.map((c) => c.key).sort()).toEqual(
      outboxRows(second.services)
        .map((r) => r.idempotency_key)
        .sort(),
    );
    expect(outboxRows(second.services).every((r) => r.state === 'sent')).toBe(true);
    second.services.db.$client.close();
  });

  it('a crash after the platform accepted a message re-sends it with the same key, and the platform drops the copy', async () => {
    const db = fileDb();
    const first = db.open(MONDAY_0907);
    enqueue(first.services, [msg('k1')], new Date(MONDAY_0907));
    // The platform accepts the send, then the process dies before the row is marked sent.
    const dying = fakeAdapter('console', () => new Promise<void>(() => {}));
    void deliverDue(first.services, [dying.adapter]);
    await new Promise((r) => setTimeout(r, 10));
    first.services.db.$client.close();
    const second = db.open(new Date(Date.parse(MONDAY_0907) + backoffMs(1)).toISOString());
    const platform = fakeAdapter();
    platform.delivered.set('k1', text('k1')); // what the platform already has
    expect((await deliverDue(second.services, [platform.adapter])).sent).toBe(1);
    expect(platform.calls.map((c) => c.key)).toEqual(['k1']);
    expect(platform.delivered.size).toBe(1);
    expect(outboxRows(second.services)[0]).toMatchObject({ state: 'sent', attempts: 2 });
    second.services.db.$client.close();
  });

  it('retries with exponential backoff and marks sent only after send resolves', async () => {
    const { services, clock } = jobsSetup();
    enqueue(services, [msg('k1')], clock.now());
    const flaky = fakeAdapter('console', (n) => {
      if (n <= 2) throw new Error(`timeout ${n}`);
    });
    expect((await deliverDue(services, [flaky.adapter])).retrying).toBe(1);
    expect(outboxRows(services)[0]).toMatchObject({ state: 'pending', attempts: 1, last_error: 'timeout 1' } as never);
    clock.advance(backoffMs(1) - 1000);
    expect(await deliverDue(services, [flaky.adapter])).toEqual({ sent: 0, retrying: 0, failed: 0 });
    clock.advance(1000);
    expect((await deliverDue(services, [flaky.adapter])).retrying).toBe(1);
    clock.advance(backoffMs(2));
    expect((await deliverDue(services, [flaky.adapter])).sent).toBe(1);
    expect(flaky.calls).toHaveLength(3);
    expect(outboxRows(services)[0]).toMatchObject({ state: 'sent', attempts: 3 });
  });

  it('gives up after the attempts cap, or at once on an error a retry cannot fix', async () => {
    const { services, clock } = jobsSetup();
    enqueue(services, [msg('k1'), msg('k2')], clock.now());
    const down = fakeAdapter('console', () => {
      throw new Error('503');
    });
    for (let i = 1; i <= MAX_ATTEMPTS; i++) {
      await deliverDue(services, [down.adapter]);
      clock.advance(backoffMs(i));
    }
    expect(outboxRows(services).map((r) => [r.state, r.attempts])).toEqual([
      ['failed', MAX_ATTEMPTS],
      ['failed', MAX_ATTEMPTS],
    ]);
    enqueue(services, [msg('k3')], clock.now());
    const gone = fakeAdapter('console', () => {
      throw Object.assign(new Error('chat not found'), { retryable: false });
    });
    expect((await deliverDue(services, [gone.adapter])).failed).toBe(1);
    expect(services.repos.outbox.byKey('k3')).toMatchObject({ state: 'failed', attempts: 1, lastError: 'chat not found' });
  });

  it('records an error when no adapter of the platform can send', async () => {
    const { services, clock } = jobsSetup();
    enqueue(services, [{ ...msg('k1'), platform: 'feishu' }], clock.now());
    expect((await deliverDue(services, [fakeAdapter().adapter])).retrying).toBe(1);
    expect(services.repos.outbox.byKey('k1')!.lastError).toContain('没有可用的 feishu 发送通道');
  });

  it('delivers to the console like any platform: GET /console/inbox shows the Monday report in the group', async () => {
    const built = await buildTestApp({ now: MONDAY_0907, seed: seedJobsTeam });
    runWeeklyReport(built.services, new Date(MONDAY_0907));
    expect((await deliverDue(built.services, built.adapters)).sent).toBe(1);
    const inbox = (await built.app.inject({ url: '/console/inbox?to=console-group' })).json() as {
      messages: Array<{ key: string; text: string }>;
    };
    expect(inbox.messages).toHaveLength(1);
    expect(inbox.messages[0]!.text).toContain('华东区 · 周一晨会（11月30日）');
  });
});
