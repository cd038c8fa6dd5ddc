import { EventEmitter } from 'node:events';
import { decrypt as libDecrypt } from '@wecom/crypto';
import { describe, expect, it } from 'vitest';
import { card } from '../../src/core/reply.js';
import type { BotWsClient } from '../../src/platforms/wecom/bot-ws.js';
import { stripMentions } from '../../src/platforms/wecom/parse.js';
import { openWecomApp } from '../helpers/fake-wecom.js';
import { botCardEvent, botText, sealed, TEST_BOT } from '../helpers/wecom-crypto.js';

let t: Awaited<ReturnType<typeof openWecomApp>> | null = null;

async function postBot(body: unknown, forge = false, timestamp?: string) {
  const s = sealed(TEST_BOT, JSON.stringify(body), { forge, ...(timestamp ? { timestamp } : {}) });
  const res = await t!.app.inject({
    method: 'POST',
    url: `/wecom/bot?${s.query}`,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ encrypt: s.encrypt }),
  });
  const out =
    res.statusCode === 200 && res.body
      ? (JSON.parse(res.body) as { encrypt: string; msgsignature: string; timestamp: number; nonce: string })
      : null;
  const plain = out ? JSON.parse(libDecrypt(TEST_BOT.encodingAesKey, out.encrypt).message) : null;
  return { status: res.statusCode, plain, raw: res.body };
}

describe('mention stripping', () => {
  it('removes leading @mentions, including names with spaces before U+2005', () => {
    expect(stripMentions('@作战室 /log 现场回访 华东重工')).toBe('/log 现场回访 华东重工');
    expect(stripMentions('@Sales Bot\u2005/my')).toBe('/my');
    expect(stripMentions('/my')).toBe('/my');
  });
});

describe('WeCom AI bot: JSON callback mode', () => {
  it('answers URL verification with receive id ""', async () => {
    t = await openWecomApp();
    const s = sealed(TEST_BOT, '8812734');
    const res = await t.app.inject({
      method: 'GET',
      url: `/wecom/bot?${new URLSearchParams({ msg_signature: s.signature, timestamp: s.timestamp, nonce: s.nonce, echostr: s.encrypt })}`,
    });
    expect(res.body).toBe('8812734');
  });

  it('routes "@bot /log" in a group and replies with an encrypted card; the chat id is the group', async () => {
    t = await openWecomApp();
    t.bind('小李', 'u-li');
    const r = await postBot(botText({ from: 'u-li', text: '@作战室 /log 现场回访 华东重工', msgId: 'bm-1', chatId: 'wrGroupA' }));
    expect(r.status).toBe(200);
    expect(r.plain.msgtype).toBe('template_card');
    expect(JSON.stringify(r.plain)).toContain('华东重工');
    expect(t.adapter.knownGroups()).toEqual(['wrGroupA']);
    const dup = await postBot(botText({ from: 'u-li', text: '@作战室 /log 现场回访 华东重工', msgId: 'bm-1', chatId: 'wrGroupA' }));
    expect(dup.raw).toBe('');
    expect(t.fake.callsTo('/cgi-bin/message/send')).toHaveLength(0);
  });

  it('updates the clicked card for everyone with the same task_id', async () => {
    t = await openWecomApp();
    t.bind('小李', 'u-li');
    const first = await postBot(botText({ from: 'u-li', text: '@作战室 /log 现场回访 华东重工', msgId: 'bm-2', chatId: 'wrGroupA' }));
    const tc = first.plain.template_card as { task_id: string; button_list: Array<{ key: string }> };
    const click = await postBot(
      botCardEvent({ from: 'u-li', msgId: 'bm-3', eventKey: tc.button_list[0]!.key, taskId: tc.task_id, chatId: 'wrGroupA' }),
    );
    expect(click.plain).toMatchObject({ response_type: 'update_template_card', template_card: { task_id: tc.task_id } });
  });

  it('refuses a forged signature with 401 and does nothing', async () => {
    t = await openWecomApp();
    t.bind('小李', 'u-li');
    const r = await postBot(botText({ from: 'u-li', text: '/log 现场回访 华东重工', msgId: 'bm-4' }), true);
    expect(r.status).toBe(401);
    expect(t.services.db.$client.prepare('SELECT count(*) AS n FROM inbound_events').get()).toEqual({ n: 0 });
  });

  it('refuses a correctly signed callback from four days ago (past the dedupe retention) with 401', async () => {
    t = await openWecomApp();
    t.bind('小李', 'u-li');
    const old = String(t.services.clock.now().getTime() / 1000 - 4 * 86_400);
    const r = await postBot(botText({ from: 'u-li', text: '/log 现场回访 华东重工', msgId: 'bm-5' }), false, old);
    expect(r.status).toBe(401);
    expect(t.services.db.$client.prepare('SELECT count(*) AS n FROM action_logs').get()).toEqual({ n: 0 });
  });
});

/** A stand-in for the SDK's WSClient that records what the adapter does. */
function fakeWs(opts: { authenticates?: boolean } = {}) {
  const ee = new EventEmitter();
  const calls: Array<[string, ...unknown[]]> = [];
  const rec =
    (name: string) =>
    async (...args: unknown[]) => {
      calls.push([name, ...args]);
      return { headers: { req_id: 'x' } };
    };
  const client = {
    connected: false,
    connect() {
      client.connected = true;
      calls.push(['connect']);
      if (opts.authenticates !== false) ee.emit('authenticated');
      return client;
    },
    disconnect() {
      client.connected = false;
    },
    on: (ev: string, fn: (...a: unknown[]) => void) => {
      ee.on(ev, fn);
      return client;
    },
    replyStream: rec('replyStream'),
    replyTemplateCard: rec('replyTemplateCard'),
    replyStreamWithCard: rec('replyStreamWithCard'),
    updateTemplateCard: rec('updateTemplateCard'),
    sendMessage: rec('sendMessage'),
    get isConnected() {
      return client.connected;
    },
  };
  return { client: client as unknown as BotWsClient, ee, calls, made: 0 };
}

describe('WeCom AI bot: long connection mode', () => {
  async function open(ws: ReturnType<typeof fakeWs>) {
    return openWecomApp({
      env: { WECOM_BOT_MODE: 'ws', WECOM_BOT_ID: 'bot-id', WECOM_BOT_SECRET: 'bot-secret', WECOM_GROUP_ROBOT_KEYS: '华东区=robot-key' },
      adapter: {
        makeBotClient: () => {
          ws.made++;
          return ws.client;
        },
      },
    });
  }

  it('opens one connection, replies to a group command through the frame and posts proactively by chat id', async () => {
    const ws = fakeWs();
    t = await open(ws);
    t.bind('小李', 'u-li');
    await t.adapter.start!();
    await t.adapter.start!();
    expect(ws.made).toBe(1);
    ws.ee.emit('message.text', {
      headers: { req_id: 'r1' },
      body: botText({ from: 'u-li', text: '@作战室 /log 现场回访 华东重工', msgId: 'wm-1', chatId: 'wrGroupB' }),
    });
    ws.ee.emit('message.text', {
      headers: { req_id: 'r1' },
      body: botText({ from: 'u-li', text: '@作战室 /log 现场回访 华东重工', msgId: 'wm-1', chatId: 'wrGroupB' }),
    });
    await t.adapter.idle();
    const replies = ws.calls.filter((c) => c[0] === 'replyTemplateCard');
    expect(replies).toHaveLength(1);
    expect(JSON.stringify(replies[0])).toContain('华东重工');
    await t.adapter.send!({ kind: 'chat', id: 'wrGroupB' }, card({ title: '周报', colour: 'blue', lines: ['本周完成 80%'] }), 'weekly-b');
    expect(ws.calls.find((c) => c[0] === 'sendMessage')?.[1]).toBe('wrGroupB');
  });

  it('is not ready (/readyz 503) while the long connection is down', async () => {
    const ws = fakeWs();
    t = await open(ws);
    expect((await t.app.inject({ url: '/readyz' })).statusCode).toBe(503);
    await t.adapter.start!();
    const up = await t.app.inject({ url: '/readyz' });
    expect(up.statusCode).toBe(200);
    expect(up.json().checks['platform:wecom']).toEqual({ ok: true });
    ws.client.disconnect();
    expect((await t.app.inject({ url: '/readyz' })).statusCode).toBe(503);
    expect((await t.app.inject({ url: '/healthz' })).statusCode).toBe(200);
  });

  it('is not ready while the socket is open but not authenticated (a wrong bot secret), nor after a close', async () => {
    const ws = fakeWs({ authenticates: false });
    t = await open(ws);
    await t.adapter.start!();
    expect(ws.client.isConnected).toBe(true);
    expect((await t.app.inject({ url: '/readyz' })).statusCode).toBe(503);
    ws.ee.emit('authenticated');
    expect((await t.app.inject({ url: '/readyz' })).statusCode).toBe(200);
    ws.ee.emit('disconnected', 'network');
    expect((await t.app.inject({ url: '/readyz' })).statusCode).toBe(503);
  });

  it('updates a clicked card within the event frame', async () => {
    const ws = fakeWs();
    t = await open(ws);
    t.bind('小李', 'u-li');
    await t.adapter.start!();
    ws.ee.emit('message.text', {
      headers: { req_id: 'r2' },
      body: botText({ from: 'u-li', text: '/log 现场回访 华东重工', msgId: 'wm-2' }),
    });
    await t.adapter.idle();
    const tc = ws.calls.find((c) => c[0] === 'replyTemplateCard')![2] as { task_id: string; button_list: Array<{ key: string }> };
    ws.ee.emit('event.template_card_event', {
      headers: { req_id: 'r3' },
      body: botCardEvent({ from: 'u-li', msgId: 'wm-3', eventKey: tc.button_list[0]!.key, taskId: tc.task_id }),
    });
    await t.adapter.idle();
    const upd = ws.calls.find((c) => c[0] === 'updateTemplateCard')!;
    expect((upd[2] as { task_id: string }).task_id).toBe(tc.task_id);
  });

  it('goes standby when another instance takes the connection, and group posts fall back to the group robot', async () => {
    const ws = fakeWs();
    t = await open(ws);
    await t.adapter.start!();
    t.services.repos.regions.bindChat(t.services.repos.regions.byName('华东区')!.id, 'wecom', 'wrGroupC');
    ws.ee.emit('event.disconnected_event', { headers: { req_id: 'd' }, body: {} });
    await t.adapter.send!({ kind: 'chat', id: 'wrGroupC' }, card({ title: '周报', colour: 'blue', lines: ['x'] }), 'weekly-c');
    expect(ws.calls.some((c) => c[0] === 'sendMessage')).toBe(false);
    expect(t.fake.callsTo('/cgi-bin/webhook/send')[0]?.query.key).toBe('robot-key');
  });
});
