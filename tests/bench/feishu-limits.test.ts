import { describe, expect, it } from 'vitest';
import { feishuLimiter } from '../../bench/feishu-limits.js';
import type { RecordedCall } from '../helpers/fake-feishu.js';

// The fan-out bench's fake enforces Feishu's send limits (docs/platforms/feishu.md §4.4); if it let
// too much through, the bench's "0 rate-limit errors left" would prove nothing.

const send = (uuid: string, chat: string): RecordedCall => ({
  method: 'POST',
  path: '/open-apis/im/v1/messages',
  query: { receive_id_type: 'chat_id' },
  headers: {},
  body: { receive_id: chat, uuid },
});

describe('feishuLimiter', () => {
  it('refuses the 51st send of a second with 429 / 99991400 and the seconds until the window reopens', () => {
    let t = 10_250;
    const l = feishuLimiter(undefined, () => t);
    for (let i = 0; i < 50; i++) expect(l.gate(send(`u${i}`, `oc_${i}`))).toBeNull();
    const refused = l.gate(send('u50', 'oc_50'));
    expect(refused).toMatchObject({
      status: 429,
      body: { code: 99991400 },
      headers: { 'x-ogw-ratelimit-limit': '50', 'x-ogw-ratelimit-reset': '1' },
    });
    t = 11_000;
    expect(l.gate(send('u50', 'oc_50'))).toBeNull();
    expect(l.stats()).toMatchObject({ delivered: 51, refusedApp: 1, retries: 1, leftRefused: 0 });
  });

  it('refuses the 1001st send of a minute until the minute ends', () => {
    let t = 0;
    const l = feishuLimiter(undefined, () => t);
    for (let i = 0; i < 1000; i++) {
      t = Math.floor(i / 50) * 1000;
      expect(l.gate(send(`u${i}`, `oc_${i}`))).toBeNull();
    }
    t = 20_000;
    expect(l.gate(send('late', 'oc_x'))).toMatchObject({
      status: 429,
      headers: { 'x-ogw-ratelimit-limit': '1000', 'x-ogw-ratelimit-reset': '40' },
    });
    expect(l.stats()).toMatchObject({ delivered: 1000, leftRefused: 1 });
  });

  it('refuses a 6th send to one chat within a second with 230020', () => {
    const l = feishuLimiter(undefined, () => 5_000);
    for (let i = 0; i < 5; i++) expect(l.gate(send(`u${i}`, 'oc_same'))).toBeNull();
    expect(l.gate(send('u5', 'oc_same'))).toMatchObject({ status: 400, body: { code: 230020 } });
    expect(l.gate(send('u6', 'oc_other'))).toBeNull();
    expect(l.stats()).toMatchObject({ refusedChat: 1, refusedApp: 0, leftRefused: 1 });
  });

  it('lets token and contact calls through uncounted', () => {
    const l = feishuLimiter({ appPerSecond: 0, appPerMinute: 0, chatPerSecond: 0 }, () => 0);
    expect(l.gate({ method: 'GET', path: '/open-apis/contact/v3/users/ou_1', query: {}, headers: {}, body: null })).toBeNull();
  });
});
