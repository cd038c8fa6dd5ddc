import { describe, expect, it } from 'vitest';
import { bindCommand } from '../../src/commands/bind.js';
import { allActions, allCommands } from '../../src/commands/index.js';
import { createRouter } from '../../src/commands/router.js';
import { text } from '../../src/core/reply.js';
import { PendingIdentitiesRepo } from '../../src/db/repos/pending-identities.repo.js';
import { fakeLongConnection, messageText, openFeishuApp } from '../helpers/fake-feishu.js';
import { cardPayload, fixture, messagePayload, wire } from '../helpers/feishu-sign.js';
import { adapterContract } from './adapter-contract.js';

type Harness = Awaited<ReturnType<typeof openFeishuApp>>;
const TOKEN = 'v-token-1';

adapterContract({
  name: 'feishu (webhook, encrypted + signed)',
  signed: true,
  limits: 'feishu',
  async open() {
    const h = await openFeishuApp();
    const deliver = (body: unknown, encryptKey?: string) => h.post(body, encryptKey === undefined ? undefined : { encryptKey });
    const msg = (t: string, o: { messageId: string; userId: string }) => messagePayload({ text: t, ...o, token: TOKEN });
    return {
      services: h.services,
      deliverMessage: async (t, o) => ({ status: (await deliver(msg(t, o))).statusCode }),
      deliverForged: async (t, o) => ({ status: (await deliver(msg(t, o), 'not-the-key')).statusCode }),
      outbound: async () => {
        await h.adapter.idle();
        return h.fake.messages().map(messageText);
      },
      bind: (name, userId) => h.bind(name, userId),
      render: (r) => h.adapter.render(r),
    };
  },
});

describe('feishu webhook', () => {
  let h: Harness | null = null;

  const say = (t: string, o: { messageId: string; userId: string; chat?: 'p2p' | 'group'; mentions?: Record<string, string> }) =>
    h!.post(messagePayload({ text: t, token: TOKEN, ...o }));

  it('answers the plain and the encrypted url_verification challenge', async () => {
    h = await openFeishuApp();
    const plain = { ...fixture('url_verification.json'), token: TOKEN };
    const r1 = await h.app.inject({
      method: 'POST',
      url: '/feishu/events',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(plain),
    });
    expect(r1.json()).toEqual({ challenge: 'ajls384kdjx98XX' });
    const enc = wire(plain, { encryptKey: 'e-key-1', nowMs: 0 }); // unsigned on the platform side: the stale signature is irrelevant
    const r2 = await h.app.inject({
      method: 'POST',
      url: '/feishu/events',
      headers: { 'content-type': 'application/json' },
      payload: enc.body,
    });
    expect(r2.statusCode).toBe(200);
    expect(r2.json()).toEqual({ challenge: 'ajls384kdjx98XX' });
    const bad = await h.app.inject({
      method: 'POST',
      url: '/feishu/events',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ ...plain, token: 'x' }),
    });
    expect(bad.statusCode).toBe(401);
  });

  it('a forged signature or token answers 401 and does nothing', async () => {
    h = await openFeishuApp();
    h.bind('小李', 'ou_li');
    const p = messagePayload({ text: '/log 现场回访 华东重工', messageId: 'om_f1', userId: 'ou_li', token: TOKEN });
    const req = wire(p, { encryptKey: 'e-key-1', nowMs: h.clock.now().getTime() });
    const forged = { ...req.headers, 'x-lark-signature': 'f'.repeat(64) };
    expect((await h.app.inject({ method: 'POST', url: '/feishu/events', headers: forged, payload: req.body })).statusCode).toBe(401);
    const stale = await h.post(p, { encryptKey: 'e-key-1', nowMs: h.clock.now().getTime() - 10 * 60_000 });
    expect(stale.statusCode).toBe(401);
    const wrongToken = await h.post(messagePayload({ text: '/my', messageId: 'om_f2', userId: 'ou_li', token: 'nope' }));
    expect(wrongToken.statusCode).toBe(401);
    await h.adapter.idle();
    expect(h.fake.calls).toHaveLength(0);
    expect(h.services.db.$client.prepare('SELECT count(*) AS n FROM inbound_events').get()).toEqual({ n: 0 });
  });

  it('acks at once, replies to the message in a group and posts to the chat in a DM, with a uuid', async () => {
    h = await openFeishuApp();
    h.bind('小李', 'ou_li');
    const res = await say('@_user_1 /log 现场回访 华东重工', {
      messageId: 'om_g1',
      userId: 'ou_li',
      chat: 'group',
      mentions: { '@_user_1': '作战室' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({});
    await say('/my', { messageId: 'om_d1', userId: 'ou_li' });
    await h.adapter.idle();
    const [group, dm] = h.fake.messages();
    expect(group!.path).toBe('/open-apis/im/v1/messages/om_g1/reply');
    expect(messageText(group!)).toContain('华东重工');
    expect(dm!.path).toBe('/open-apis/im/v1/messages');
    expect(dm!.query.receive_id_type).toBe('chat_id');
    expect(dm!.body.receive_id).toBe('oc_dm_ou_li');
    for (const c of [group!, dm!]) expect(c.body.uuid).toMatch(/^[0-9a-f]{40}-0$/);
  });

  it('the same message delivered twice (new event_id, same message_id) gives one reply', async () => {
    h = await openFeishuApp();
    h.bind('小李', 'ou_li');
    await say('/log 现场回访 华东重工', { messageId: 'om_twice', userId: 'ou_li' });
    await h.adapter.idle();
    await say('/log 现场回访 华东重工', { messageId: 'om_twice', userId: 'ou_li' });
    await h.adapter.idle();
    expect(h.fake.messages()).toHaveLength(1);
  });

  it('keeps JSON parsing for routes outside the Feishu plugin', async () => {
    h = await openFeishuApp();
    h.app.post('/echo', async (req) => ({ got: req.body }));
    const r = await h.app.inject({ method: 'POST', url: '/echo', payload: { a: 1 } });
    expect(r.json()).toEqual({ got: { a: 1 } });
  });
});

describe('feishu card callbacks', () => {
  let h: Harness | null = null;

  async function logAndGetUndo(): Promise<{ value: unknown }> {
    h!.bind('小李', 'ou_li');
    await h!.post(messagePayload({ text: '/log 现场回访 华东重工', messageId: 'om_l1', userId: 'ou_li', token: TOKEN }));
    await h!.adapter.idle();
    const c = JSON.parse(h!.fake.messages()[0]!.body.content as string);
    const json = JSON.stringify(c);
    const m = /"behaviors":\[\{"type":"callback","value":(\{"action":"log\.undo".*?\}\})\}\]/.exec(json);
    expect(m).not.toBeNull();
    return { value: JSON.parse(m![1]!) };
  }

  it('a click answers inline with a toast and the updated card, and is deduped by event_id', async () => {
    h = await openFeishuApp();
    const { value } = await logAndGetUndo();
    const click = cardPayload({ userId: 'ou_li', value, messageId: 'om_sent_1', eventId: 'cb_1', token: TOKEN });
    const res = await h.post(click);
    const body = res.json();
    expect(body.toast).toMatchObject({ type: 'success' });
    expect(body.toast.content).toContain('已撤销');
    expect(body.card.type).toBe('raw');
    expect(body.card.data).toMatchObject({ schema: '2.0', config: { update_multi: true } });
    expect(h.services.db.$client.prepare('SELECT status FROM action_logs').get()).toEqual({ status: 'voided' });
    expect((await h.post(click)).json()).toEqual({});
    await h.adapter.idle();
    expect(h.fake.calls.filter((c) => c.method === 'PATCH')).toHaveLength(0);
  });

  it('a refused click answers the clicker privately and leaves the shared card alone', async () => {
    h = await openFeishuApp();
    const { value } = await logAndGetUndo();
    h.bind('老王', 'ou_wang');
    const res = await h.post(cardPayload({ userId: 'ou_wang', value, messageId: 'om_sent_1', eventId: 'cb_2', token: TOKEN }));
    const body = res.json();
    expect(body.toast).toMatchObject({ type: 'error' });
    expect(body.toast.content).toContain('只有记录人本人或主管');
    expect(body.card).toBeUndefined();
    await h.adapter.idle();
    expect(h.fake.calls.filter((c) => c.method === 'PATCH')).toHaveLength(0);
    expect(h.services.db.$client.prepare('SELECT status FROM action_logs').get()).toEqual({ status: 'valid' });
  });

  it('slow work answers with a toast first, then patches the card', async () => {
    h = await openFeishuApp({
      adapter: { cardDeadlineMs: 30 },
      wrapDeps: (d, s) => ({
        ...d,
        dispatch: createRouter(s, allCommands(), [
          ...allActions(),
          {
            action: 'slow',
            run: async () => {
              await new Promise((r) => setTimeout(r, 150));
              return text('慢慢好了');
            },
          },
        ]).dispatch,
      }),
    });
    h.bind('小李', 'ou_li');
    const res = await h.post(cardPayload({ userId: 'ou_li', value: { action: 'slow', value: {} }, messageId: 'om_card_9', token: TOKEN }));
    expect(res.json()).toEqual({ toast: { type: 'info', content: '正在处理，完成后会更新这张卡片。' } });
    await h.adapter.idle();
    const patch = h.fake.calls.find((c) => c.method === 'PATCH')!;
    expect(patch.path).toBe('/open-apis/im/v1/messages/om_card_9');
    expect(JSON.parse(patch.body.content as string)).toMatchObject({ schema: '2.0', config: { update_multi: true } });
    expect(patch.body.content).toContain('慢慢好了');
  });
});

describe('feishu people', () => {
  let h: Harness | null = null;

  it('looks up a first-seen open_id, binds the member by name, and defaults the manager to the Feishu leader', async () => {
    h = await openFeishuApp({
      seed: (s) => {
        s.db.$client.prepare("UPDATE members SET manager_id = NULL WHERE name = '老王'").run();
      },
    });
    h.fake.users.set('ou_wang', { name: '老王', department_ids: ['od_1'], leader_user_id: 'ou_zhang' });
    h.fake.users.set('ou_zhang', { name: '张经理' });
    await h.post(messagePayload({ text: '/my', messageId: 'om_p1', userId: 'ou_wang', token: TOKEN }));
    await h.adapter.idle();
    const { members } = h.services.repos;
    const wang = members.byIdentity('feishu', 'ou_wang')!;
    expect(wang.name).toBe('老王');
    expect(members.byId(wang.managerId!)!.name).toBe('张经理');
    expect(members.byIdentity('feishu', 'ou_zhang')!.name).toBe('张经理');
    const lookup = h.fake.calls.find((c) => c.path === '/open-apis/contact/v3/users/ou_wang')!;
    expect(lookup.query).toMatchObject({ user_id_type: 'open_id' });
    expect(messageText(h.fake.messages()[0]!)).not.toContain('成员名单里');
  });

  it('an ambiguous or missing name gets a clear reply and is kept pending for an admin', async () => {
    h = await openFeishuApp({
      seed: (s) => {
        s.db.$client.prepare("INSERT INTO members (name, role) VALUES ('小李', 'rep')").run();
      },
    });
    h.fake.users.set('ou_li2', { name: '小李', department_ids: ['od_9'], leader_user_id: 'ou_boss' });
    h.fake.departments.set('od_9', '华东销售部');
    h.fake.users.set('ou_new', { name: '新同事' });
    await h.post(messagePayload({ text: '/my', messageId: 'om_a1', userId: 'ou_li2', token: TOKEN }));
    await h.post(messagePayload({ text: '/my', messageId: 'om_a2', userId: 'ou_new', token: TOKEN }));
    await h.adapter.idle();
    // Background work runs concurrently, so find each reply by where it went.
    const to = (chat: string) => messageText(h!.fake.messages().find((c) => c.body.receive_id === chat)!);
    expect(to('oc_dm_ou_li2')).toContain('不止一位叫「小李」');
    expect(to('oc_dm_ou_new')).toContain('你还不在作战室的成员名单里');
    const pending = new PendingIdentitiesRepo(h.services.db);
    expect(pending.get('feishu', 'ou_li2')).toMatchObject({
      name: '小李',
      department: '华东销售部',
      leaderExternalId: 'ou_boss',
      reason: 'ambiguous',
    });
    expect(pending.get('feishu', 'ou_new')).toMatchObject({ reason: 'missing' });
    // A second message re-matches from the stored row without another directory call.
    const before = h.fake.calls.length;
    await h.post(messagePayload({ text: '/my', messageId: 'om_a3', userId: 'ou_new', token: TOKEN }));
    await h.adapter.idle();
    expect(h.fake.calls.slice(before).some((c) => c.path.startsWith('/open-apis/contact'))).toBe(false);
  });
});

describe('feishu /bind and proactive sends', () => {
  let h: Harness | null = null;
  const withBind = {
    wrapDeps: (d: any, s: any) => ({ ...d, dispatch: createRouter(s, [...allCommands(), bindCommand], allActions()).dispatch }),
  };

  it('/bind in a group binds the region; in a DM it refuses', async () => {
    h = await openFeishuApp(withBind);
    h.bind('张经理', 'ou_zhang');
    await h.post(
      messagePayload({
        text: '@_user_1 /绑定 华东区',
        messageId: 'om_b1',
        userId: 'ou_zhang',
        chat: 'group',
        chatId: 'oc_team',
        mentions: { '@_user_1': 'bot' },
        token: TOKEN,
      }),
    );
    await h.post(messagePayload({ text: '/绑定 华东区', messageId: 'om_b2', userId: 'ou_zhang', token: TOKEN }));
    await h.adapter.idle();
    const region = h.services.repos.regions.byName('华东区')!;
    expect(h.services.repos.regions.chatsOf(region.id)).toEqual([{ platform: 'feishu', chatId: 'oc_team' }]);
    const [ok, dm] = ['/open-apis/im/v1/messages/om_b1/reply', '/open-apis/im/v1/messages'].map((p) =>
      messageText(h!.fake.messages().find((c) => c.path === p)!),
    );
    expect(ok).toContain('已将本群绑定为「华东区」');
    expect(dm).toContain('只能在群里使用');
  });

  it('send() posts to a group by chat_id and to a manager by open_id, idempotently', async () => {
    h = await openFeishuApp();
    await h.adapter.send!({ kind: 'chat', id: 'oc_team' }, text('周报'), 'weekly:2026-W48');
    await h.adapter.send!({ kind: 'member', id: 'ou_zhang' }, text('预警'), 'warn:1');
    const [g, m] = h.fake.messages();
    expect([g!.query.receive_id_type, g!.body.receive_id]).toEqual(['chat_id', 'oc_team']);
    expect([m!.query.receive_id_type, m!.body.receive_id]).toEqual(['open_id', 'ou_zhang']);
    expect(g!.body.uuid).not.toBe(m!.body.uuid);
  });
});

describe('feishu long connection mode', () => {
  it('registers no route; the WSClient connects via FEISHU_API_BASE and the same handlers answer', async () => {
    const h = await openFeishuApp({ env: { FEISHU_MODE: 'ws' } });
    const lc = fakeLongConnection(h.fake);
    try {
      expect((await h.app.inject({ method: 'POST', url: '/feishu/events', payload: {} })).statusCode).toBe(404);
      await h.adapter.start!();
      await lc.connected;
      const ep = h.fake.calls.find((c) => c.path === '/callback/ws/endpoint')!;
      expect(ep.body).toMatchObject({ AppID: 'cli_0123456789abcdef' });
      h.bind('小李', 'ou_li');
      // Frames carry the plain envelope: no signature, no encryption on the long connection.
      expect(await lc.push(messagePayload({ text: '/log 现场回访 华东重工', messageId: 'om_ws1', userId: 'ou_li' }))).toEqual({});
      await h.adapter.idle();
      expect(h.fake.messages()).toHaveLength(1);
      const reply = h.fake.messages()[0]!;
      expect(messageText(reply)).toContain('华东重工');
      const undo = /"value":(\{"action":"log\.undo".*?\}\})/.exec(reply.body.content as string)![1]!;
      const res = (await lc.push(cardPayload({ userId: 'ou_li', value: JSON.parse(undo), messageId: 'om_sent_1' }))) as {
        toast: { content: string };
      };
      expect(res.toast.content).toContain('已撤销');
    } finally {
      lc.close();
      await h.close();
    }
  });
});
