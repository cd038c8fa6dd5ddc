import { describe, expect, it } from 'vitest';
import { text } from '../../src/core/reply.js';
import { INBOUND_RETENTION_MS, runPrune } from '../../src/jobs/prune.js';
import { deliverDue, enqueue } from '../../src/method/delivery/outbox.js';
import { fakeAdapter, jobsSetup, outboxRows } from './setup.js';

/** Feishu pushes an unacked event again after 15 s, 5 min, 1 h and 6 h: about 7.1 h (docs/platforms/feishu.md §2.2). */
const FEISHU_RETRY_WINDOW_MS = (15 + 5 * 60 + 60 * 60 + 6 * 60 * 60) * 1000;

describe('runPrune (daily, fixed clock)', () => {
  it("keeps dedupe claims past Feishu's retry window, so its last retry is still recognised", () => {
    expect(FEISHU_RETRY_WINDOW_MS / 3_600_000).toBeCloseTo(7.09, 2);
    expect(INBOUND_RETENTION_MS).toBeGreaterThan(FEISHU_RETRY_WINDOW_MS);
    const { services, clock } = jobsSetup('2026-10-01T00:00:00Z');
    services.repos.inbound.claim('feishu', 'om_retried', clock.now().getTime());
    // The prune runs just before the last retry arrives; the claim must survive it.
    clock.set(new Date(clock.now().getTime() + FEISHU_RETRY_WINDOW_MS).toISOString());
    runPrune(services, clock.now());
    expect(services.repos.inbound.claim('feishu', 'om_retried', clock.now().getTime())).toBe(false);
  });

  it('drops old dedupe rows and long-delivered messages, keeps pending ones and the run records', async () => {
    const { services, clock } = jobsSetup('2026-10-01T00:00:00Z');
    const msg = (key: string) => ({ key, platform: 'console' as const, target: { kind: 'chat' as const, id: 'g' }, reply: text(key) });
    services.repos.inbound.claim('feishu', 'old', clock.now().getTime());
    enqueue(services, [msg('old-sent')], clock.now());
    await deliverDue(services, [fakeAdapter().adapter]);
    enqueue(services, [msg('still-pending')], clock.now());
    clock.set('2026-11-30T19:17:00Z');
    services.repos.inbound.claim('feishu', 'recent', clock.now().getTime());
    const r = runPrune(services, clock.now());
    expect(r).toMatchObject({ status: 'done', period: '2026-12-01' });
    expect(r.summary).toContain('去重记录 1 行，已发送消息 1 行');
    expect(services.repos.inbound.claim('feishu', 'recent', clock.now().getTime())).toBe(false);
    expect(outboxRows(services).map((row) => row.idempotency_key)).toEqual(['still-pending']);
    expect(runPrune(services, clock.now()).status).toBe('already');
  });
});
