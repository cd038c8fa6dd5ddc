import { afterEach, describe, expect, it } from 'vitest';
import { PlatformError } from '../../src/core/errors.js';
import { text } from '../../src/core/reply.js';
import { deliverDue, enqueue } from '../../src/method/delivery/outbox.js';
import { FeishuApiError } from '../../src/platforms/feishu/client.js';
import { WecomApiError } from '../../src/platforms/wecom/client.js';
import type { Services } from '../../src/services.js';
import { openFeishuApp } from '../helpers/fake-feishu.js';
import { openWecomApp } from '../helpers/fake-wecom.js';

// The retry decision travels with the error (src/core/errors.ts) from each platform's documented error
// codes to the outbox: a recipient that is gone is final at once, a rate-limit reset moves the next
// attempt. Through the real clients against the local fakes on loopback.

let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
});

const outboxRow = (s: Services, key: string) => s.repos.outbox.byKey(key)!;

function queue(s: Services, platform: 'feishu' | 'wecom', kind: 'chat' | 'member', id: string, key: string): void {
  enqueue(s, [{ key, platform, target: { kind, id }, reply: text('本周预警') }], s.clock.now());
}

describe('Feishu errors carry the retry decision', () => {
  it('a chat the bot was removed from (230002) fails at once, after one call', async () => {
    const h = await openFeishuApp();
    close = h.close;
    h.fake.script('/open-apis/im/v1/messages', { status: 400, body: { code: 230002, msg: 'Bot/User can NOT be out of the chat.' } });
    queue(h.services, 'feishu', 'chat', 'oc_left', 'k-gone');
    expect(await deliverDue(h.services, [h.adapter])).toEqual({ sent: 0, retrying: 0, failed: 1 });
    expect(h.fake.messages()).toHaveLength(1);
    expect(outboxRow(h.services, 'k-gone')).toMatchObject({ state: 'failed', attempts: 1 });
  });

  it('a user outside the availability range (230013) is gone too; a 500 is retried later', async () => {
    const h = await openFeishuApp();
    close = h.close;
    h.fake.script('/open-apis/im/v1/messages', { status: 400, body: { code: 230013, msg: 'Bot has NO availability to this user.' } });
    const gone = await h.adapter.send!({ kind: 'member', id: 'ou_left' }, text('x'), 'k1').catch((err: unknown) => err);
    expect(gone).toBeInstanceOf(FeishuApiError);
    expect(gone).toBeInstanceOf(PlatformError);
    expect(gone).toMatchObject({ targetGone: true, retryable: false, code: 230013 });
    const busy = { status: 500, body: { code: 1500, msg: 'internal error' } };
    h.fake.script('/open-apis/im/v1/messages', busy, busy, busy, busy);
    const down = await h.adapter.send!({ kind: 'member', id: 'ou_li' }, text('x'), 'k2').catch((err: unknown) => err);
    expect(down).toMatchObject({ targetGone: false, retryable: true, retryAfterMs: null });
  });

  it('a rate limit that outlasts the client retries moves the next attempt to x-ogw-ratelimit-reset', async () => {
    const h = await openFeishuApp();
    close = h.close;
    const limited = {
      status: 429,
      body: { code: 99991400, msg: 'request trigger frequency limit' },
      headers: { 'x-ogw-ratelimit-reset': '42' },
    };
    h.fake.script('/open-apis/im/v1/messages', limited, limited, limited, limited);
    queue(h.services, 'feishu', 'chat', 'oc_team', 'k-limited');
    const now = h.clock.now().getTime();
    expect(await deliverDue(h.services, [h.adapter])).toEqual({ sent: 0, retrying: 1, failed: 0 });
    expect(outboxRow(h.services, 'k-limited')).toMatchObject({ state: 'pending', attempts: 1, nextAttemptAt: now + 42_000 });
    h.clock.advance(42_000);
    expect(await deliverDue(h.services, [h.adapter])).toEqual({ sent: 1, retrying: 0, failed: 0 });
  });
});

describe('WeCom errors carry the retry decision', () => {
  it('a member who left (81013) fails at once; the group robot removed from its group (93000) too', async () => {
    const t = await openWecomApp({ env: { WECOM_GROUP_ROBOT_KEYS: '华东区=robot-key-1' } });
    close = t.close;
    const region = t.services.repos.regions.byName('华东区')!;
    t.services.repos.regions.bindChat(region.id, 'wecom', 'wrGroup1');
    t.fake.failNext('/cgi-bin/message/send', 81013);
    t.fake.failNext('/cgi-bin/webhook/send', 93000);
    queue(t.services, 'wecom', 'member', 'wx-left', 'k-left');
    queue(t.services, 'wecom', 'chat', 'wrGroup1', 'k-robot');
    expect(await deliverDue(t.services, [t.adapter])).toEqual({ sent: 0, retrying: 0, failed: 2 });
    expect(t.fake.callsTo('/cgi-bin/message/send')).toHaveLength(1);
    expect(t.fake.callsTo('/cgi-bin/webhook/send')).toHaveLength(1);
    expect(outboxRow(t.services, 'k-left')).toMatchObject({ state: 'failed', attempts: 1 });
    expect(outboxRow(t.services, 'k-robot')).toMatchObject({ state: 'failed', attempts: 1 });
  });

  it('45009 past the client backoff waits the documented minute; -1 is retried with the outbox backoff', async () => {
    const t = await openWecomApp();
    close = t.close;
    t.fake.failNext('/cgi-bin/message/send', 45009, 45009, 45009, 45009);
    queue(t.services, 'wecom', 'member', 'wx-a', 'k-block');
    const now = t.clock.now().getTime();
    expect(await deliverDue(t.services, [t.adapter])).toEqual({ sent: 0, retrying: 1, failed: 0 });
    expect(outboxRow(t.services, 'k-block')).toMatchObject({ state: 'pending', nextAttemptAt: now + 60_000 });
    t.fake.failNext('/cgi-bin/message/send', -1, -1, -1, -1);
    const busy = await t.adapter.send!({ kind: 'member', id: 'wx-b' }, text('x'), 'k-b').catch((err: unknown) => err);
    expect(busy).toBeInstanceOf(WecomApiError);
    expect(busy).toMatchObject({ retryable: true, targetGone: false, retryAfterMs: null });
  });
});
