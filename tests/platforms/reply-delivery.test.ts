import { afterEach, describe, expect, it } from 'vitest';
import { adapterDeps, wecomSettings } from '../../src/adapters.js';
import { card } from '../../src/core/reply.js';
import { deliverDue } from '../../src/method/delivery/outbox.js';
import { createWecomAdapter } from '../../src/platforms/wecom/index.js';
import { messageText, openFeishuApp } from '../helpers/fake-feishu.js';
import { openWecomApp, outboundText } from '../helpers/fake-wecom.js';
import { messagePayload } from '../helpers/feishu-sign.js';

// Replies that arrive (issue 13 item 4): a reply the platform API fails after the client's own retries
// is sent again through the outbox under the same key, so the platform's idempotency (Feishu uuid,
// WeCom task_id + duplicate check) drops a copy; the group robot, which has none, is attempted at most once.

let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
});

const HOUR = 3600_000;

describe('a reply the platform failed is retried through the outbox', () => {
  it('Feishu: 500 four times, then the outbox delivers it with the same uuid', async () => {
    const h = await openFeishuApp();
    close = h.close;
    h.bind('小李', 'ou_li');
    const down = { status: 500, body: { code: 1500, msg: 'internal error' } };
    h.fake.script('/open-apis/im/v1/messages', down, down, down, down);
    await h.post(messagePayload({ text: '/log 现场回访 华东重工', messageId: 'om_d1', userId: 'ou_li', token: 'v-token-1' }));
    await h.adapter.idle();
    expect(h.services.repos.outbox.byKey('reply:om_d1:0')).toMatchObject({ state: 'pending', platform: 'feishu', targetId: 'oc_dm_ou_li' });
    const tried = h.fake.messages();
    expect(tried).toHaveLength(4);
    h.clock.advance(HOUR);
    expect(await deliverDue(h.services, [h.adapter])).toEqual({ sent: 1, retrying: 0, failed: 0 });
    const all = h.fake.messages();
    expect(all).toHaveLength(5);
    expect(all[4]!.body.uuid).toBe(tried[0]!.body.uuid);
    expect(messageText(all[4]!)).toContain('华东重工');
  });

  it('WeCom: one HTTP 500 on message/send, then the outbox sends the identical body (same task_id, duplicate check on)', async () => {
    const t = await openWecomApp();
    close = t.close;
    t.bind('小李', 'u-li');
    t.fake.failHttp('/cgi-bin/message/send', 500);
    await t.sendText('/log 现场回访 华东重工', 'u-li', 'm-d1');
    await t.adapter.idle();
    expect(t.services.repos.outbox.byKey('reply:app:m-d1:0')).toMatchObject({ state: 'pending', platform: 'wecom', targetId: 'u-li' });
    t.clock.advance(HOUR);
    expect(await deliverDue(t.services, [t.adapter])).toEqual({ sent: 1, retrying: 0, failed: 0 });
    const [first, retry] = t.fake.callsTo('/cgi-bin/message/send');
    expect(retry!.body).toEqual(first!.body);
    expect(retry!.body).toMatchObject({ enable_duplicate_check: 1, msgtype: 'template_card' });
    expect(outboundText(retry!)).toContain('华东重工');
  });
});

describe('WeCom group robot', () => {
  it('records the attempt before posting: a restarted sender does not post the same message again; a refusal may be retried', async () => {
    const t = await openWecomApp({ env: { WECOM_GROUP_ROBOT_KEYS: '华东区=robot-key-1' } });
    close = t.close;
    const region = t.services.repos.regions.byName('华东区')!;
    t.services.repos.regions.bindChat(region.id, 'wecom', 'wrGroup1');
    const report = card({ title: '周报', colour: 'blue', lines: ['华东区本周完成 80%'] });
    t.fake.failNext('/cgi-bin/webhook/send', 45009);
    await expect(t.adapter.send!({ kind: 'chat', id: 'wrGroup1' }, report, 'weekly:1:W48')).rejects.toThrow(/45009/);
    await t.adapter.send!({ kind: 'chat', id: 'wrGroup1' }, report, 'weekly:1:W48');
    expect(t.fake.callsTo('/cgi-bin/webhook/send')).toHaveLength(2);
    // The process died before the outbox marked the row sent: a new process sends the row again.
    const restarted = createWecomAdapter(adapterDeps(t.services, t.router.dispatch), wecomSettings(t.services.config), {
      sleep: async () => {},
    });
    await restarted.send!({ kind: 'chat', id: 'wrGroup1' }, report, 'weekly:1:W48');
    expect(t.fake.callsTo('/cgi-bin/webhook/send')).toHaveLength(2);
  });
});
