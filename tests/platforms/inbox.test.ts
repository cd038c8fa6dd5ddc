import { afterEach, describe, expect, it } from 'vitest';
import { resumeInbox } from '../../src/adapters.js';
import type { Services } from '../../src/services.js';
import { messageText, openFeishuApp } from '../helpers/fake-feishu.js';
import { openWecomApp, outboundText } from '../helpers/fake-wecom.js';
import { messagePayload } from '../helpers/feishu-sign.js';
import { botText, sealed, TEST_BOT } from '../helpers/wecom-crypto.js';

// The durable inbox on each platform's real route: a verified event is in SQLite before the ack; when
// that write fails the platform gets no ack (and redelivers, docs/platforms/feishu.md §2.2,
// docs/platforms/wecom.md §3.3); an event left pending is taken up again at start-up.

let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
});

const TOKEN = 'v-token-1';
/** A real SQLite failure on the inbox write (as a full disk or a stuck lock would give). */
const breakInbox = (s: Services) =>
  s.db.$client.exec("CREATE TEMP TRIGGER inbox_down BEFORE INSERT ON inbound_events BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END;");
const mendInbox = (s: Services) => s.db.$client.exec('DROP TRIGGER temp.inbox_down');
const logs = (s: Services) => (s.db.$client.prepare('SELECT count(*) AS n FROM action_logs').get() as { n: number }).n;

describe('durable inbox', () => {
  it('Feishu: a failed inbox write is answered 503, not acked; the redelivery is processed once', async () => {
    const h = await openFeishuApp();
    close = h.close;
    h.bind('小李', 'ou_li');
    const p = messagePayload({ text: '/log 现场回访 华东重工', messageId: 'om_i1', eventId: 'ev_i1', userId: 'ou_li', token: TOKEN });
    breakInbox(h.services);
    expect((await h.post(p)).statusCode).toBe(503);
    await h.adapter.idle();
    expect(logs(h.services)).toBe(0);
    mendInbox(h.services);
    expect((await h.post(p)).statusCode).toBe(200);
    expect(h.services.repos.inbound.get('feishu', 'om_i1')).toMatchObject({ state: 'pending' }); // written before the ack
    await h.adapter.idle();
    expect((await h.post(p)).statusCode).toBe(200);
    await h.adapter.idle();
    expect(logs(h.services)).toBe(1);
    expect(h.services.repos.inbound.get('feishu', 'om_i1')).toMatchObject({ state: 'done' });
    expect(h.fake.messages()).toHaveLength(1);
  });

  it('Feishu: an event acked but not processed before a stop is resumed and answered', async () => {
    const h = await openFeishuApp();
    close = h.close;
    h.bind('小李', 'ou_li');
    const event = {
      kind: 'message' as const,
      platform: 'feishu' as const,
      eventId: 'om_r1',
      messageId: 'om_r1',
      chat: { platform: 'feishu' as const, chatId: 'oc_dm_ou_li', kind: 'dm' as const },
      sender: { platform: 'feishu' as const, userId: 'ou_li' },
      text: '/log 现场回访 华东重工',
    };
    h.services.repos.inbound.accept('feishu', 'om_r1', JSON.stringify(event), h.clock.now().getTime());
    expect(resumeInbox(h.services, [h.adapter])).toBe(1);
    await h.adapter.idle();
    expect(logs(h.services)).toBe(1);
    expect(messageText(h.fake.messages()[0]!)).toContain('华东重工');
    expect(resumeInbox(h.services, [h.adapter])).toBe(0);
  });

  it('WeCom: the app callback and the AI-bot callback answer 503 instead of acking when the inbox write fails', async () => {
    const t = await openWecomApp();
    close = t.close;
    t.bind('小李', 'u-li');
    breakInbox(t.services);
    expect((await t.sendText('/log 现场回访 华东重工', 'u-li', 'm-i1')).statusCode).toBe(503);
    const s = sealed(
      TEST_BOT,
      JSON.stringify(botText({ from: 'u-li', text: '@作战室 /log 现场回访 华东重工', msgId: 'bm-i1', chatId: 'wrGroupA' })),
    );
    const bot = await t.app.inject({
      method: 'POST',
      url: `/wecom/bot?${s.query}`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ encrypt: s.encrypt }),
    });
    expect(bot.statusCode).toBeGreaterThanOrEqual(500);
    await t.adapter.idle();
    expect(logs(t.services)).toBe(0);
    mendInbox(t.services);
    expect((await t.sendText('/log 现场回访 华东重工', 'u-li', 'm-i1')).statusCode).toBe(200);
    await t.adapter.idle();
    expect(logs(t.services)).toBe(1);
    expect(outboundText(t.fake.callsTo('/cgi-bin/message/send')[0]!)).toContain('华东重工');
  });
});
