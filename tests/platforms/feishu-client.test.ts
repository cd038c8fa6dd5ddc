import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/core/clock.js';
import { text } from '../../src/core/reply.js';
import { createFeishuClient, FeishuApiError, retryDelayMs } from '../../src/platforms/feishu/client.js';
import { createOutbound, uuidFor } from '../../src/platforms/feishu/outbound.js';
import { type FakeFeishu, startFakeFeishu } from '../helpers/fake-feishu.js';
import { FIXED_NOW } from '../helpers/test-app.js';

describe('feishu client against the fake API on loopback', () => {
  let fake: FakeFeishu;
  let waits: number[];
  const clock = fixedClock(FIXED_NOW);
  const make = (secret = 'app-secret') =>
    createFeishuClient({
      apiBase: fake.url,
      appId: 'cli_0123456789abcdef',
      appSecret: secret,
      clock,
      log: pino({ level: 'silent' }),
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
  const send = (c = make()) => createOutbound(c).sendTo('chat_id', 'oc_1', text('hi'), uuidFor('k'));
  const sends = () => fake.calls.filter((c) => c.path === '/open-apis/im/v1/messages');
  const tokenCalls = () => fake.calls.filter((c) => c.path.includes('tenant_access_token'));

  beforeEach(async () => {
    fake = await startFakeFeishu();
    waits = [];
  });
  afterEach(async () => {
    await fake.close();
  });

  it('sends with a cached tenant token and the uuid', async () => {
    const c = make();
    await send(c);
    await send(c);
    expect(tokenCalls()).toHaveLength(1);
    expect(sends()[0]!.headers.authorization).toBe('Bearer t-1');
    expect(sends()[0]!.query).toEqual({ receive_id_type: 'chat_id' });
    expect(sends()[0]!.body).toMatchObject({ receive_id: 'oc_1', msg_type: 'text', uuid: uuidFor('k') });
    expect(uuidFor('k').length).toBeLessThanOrEqual(50);
  });

  it('refreshes the token when it expires by the clock (3 minutes early)', async () => {
    const c = make();
    await send(c);
    clock.advance(7200_000 - 3 * 60_000 + 1000);
    await send(c);
    expect(tokenCalls()).toHaveLength(2);
    expect(sends()[1]!.headers.authorization).toBe('Bearer t-2');
  });

  it('refreshes the token once on 99991663 and retries', async () => {
    const c = make();
    await send(c);
    fake.revokeToken();
    await send(c);
    const s = sends();
    expect(s.map((x) => x.headers.authorization)).toEqual(['Bearer t-1', 'Bearer t-1', 'Bearer t-3']);
  });

  it('honours x-ogw-ratelimit-reset on 429/99991400 and retries with the same uuid', async () => {
    fake.script('/open-apis/im/v1/messages', {
      status: 429,
      body: { code: 99991400, msg: 'request trigger frequency limit' },
      headers: { 'x-ogw-ratelimit-reset': '2' },
    });
    await send();
    expect(waits).toEqual([2000]);
    expect(sends()).toHaveLength(2);
    expect(sends()[0]!.body.uuid).toBe(sends()[1]!.body.uuid);
  });

  it('backs off on 230020, 11232 and 5xx, then succeeds', async () => {
    fake.script(
      '/open-apis/im/v1/messages',
      { status: 400, body: { code: 230020, msg: 'frequency limit' } },
      { status: 200, body: { code: 11232, msg: 'tenant limit' } },
      { status: 502, body: 'bad gateway' },
    );
    await send();
    expect(sends()).toHaveLength(4);
    expect(waits).toHaveLength(3);
    expect(waits[0]).toBeGreaterThanOrEqual(500);
    expect(waits[1]).toBeGreaterThan(waits[0]!);
    expect(new Set(sends().map((s) => s.body.uuid)).size).toBe(1);
  });

  it('gives up after 4 attempts and does not retry other errors', async () => {
    const busy = { status: 503, body: { code: 1 } };
    fake.script('/open-apis/im/v1/messages', busy, busy, busy, busy);
    await expect(send()).rejects.toBeInstanceOf(FeishuApiError);
    expect(sends()).toHaveLength(4);
    fake.script('/open-apis/im/v1/messages', { status: 400, body: { code: 230002, msg: 'bot not in chat' } });
    await expect(send()).rejects.toMatchObject({ code: 230002 });
    expect(sends()).toHaveLength(5);
  });

  it('reports a bad app secret clearly', async () => {
    await expect(send(make('wrong'))).rejects.toThrow(/FEISHU_APP_SECRET/);
  });

  it('caps waits: reset header up to 60 s, exponential backoff up to 10 s', () => {
    expect(retryDelayMs(0, 600)).toBe(60_000);
    expect(retryDelayMs(5, null)).toBe(10_000);
  });
});
