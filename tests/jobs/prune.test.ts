import { describe, expect, it } from 'vitest';
import { text } from '../../src/core/reply.js';
import { deliverDue, enqueue } from '../../src/method/delivery/outbox.js';
import { runPrune } from '../../src/jobs/prune.js';
import { fakeAdapter, jobsSetup, outboxRows } from './setup.js';

describe('runPrune (daily, fixed clock)', () => {
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
