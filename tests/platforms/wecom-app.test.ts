import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { card, text } from '../../src/core/reply.js';
import { openWecomApp, outboundText } from '../helpers/fake-wecom.js';
import { appCardEventXml, appEnvelope, appTextXml, sealed, TEST_APP } from '../helpers/wecom-crypto.js';

const vectors = JSON.parse(readFileSync(new URL('../fixtures/wecom/callback-vectors.json', import.meta.url), 'utf8'));
let t: Awaited<ReturnType<typeof openWecomApp>> | null = null;
/** The official vectors were signed in 2014: their tests run with the clock at that moment. */
const at = (timestamp: string) => new Date(Number(timestamp) * 1000).toISOString();

describe('WeCom app callback: URL verification', () => {
  it('answers official vector A1 with the bare plaintext (no quotes, no newline)', async () => {
    t = await openWecomApp({ now: at(new URLSearchParams(vectors.A.url_verification.query_as_sent).get('timestamp')!) });
    const res = await t.app.inject({ method: 'GET', url: `/wecom/app?${vectors.A.url_verification.query_as_sent}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('1616140317555161061');
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
  });

  it('handles +, / and = in echostr whether percent-encoded or sent literally', async () => {
    t = await openWecomApp();
    // Find an echostr that contains all three characters.
    let s = sealed(TEST_APP, '42');
    for (let i = 0; !/[+]/.test(s.encrypt) || !/\//.test(s.encrypt) || !/=/.test(s.encrypt); i++) s = sealed(TEST_APP, `${i}`);
    const plain = (await import('@wecom/crypto')).decrypt(TEST_APP.encodingAesKey, s.encrypt).message;
    const encoded = await t.app.inject({ method: 'GET', url: `/wecom/app?${s.query}&echostr=${encodeURIComponent(s.encrypt)}` });
    expect(encoded.body).toBe(plain);
    const literal = await t.app.inject({ method: 'GET', url: `/wecom/app?${s.query}&echostr=${s.encrypt}` });
    expect(literal.statusCode).toBe(200);
    expect(literal.body).toBe(plain);
  });

  it('refuses a forged echostr signature', async () => {
    t = await openWecomApp();
    const q = vectors.A.url_verification.query_as_sent.replace('msg_signature=5c', 'msg_signature=6c');
    const res = await t.app.inject({ method: 'GET', url: `/wecom/app?${q}` });
    expect(res.statusCode).toBe(401);
    expect(res.body).not.toContain('1616140317555161061');
  });
});

describe('WeCom app callback: messages', () => {
  it('decrypts official vector A2 (MsgId above 2^53) and answers the sender via message/send', async () => {
    const m = vectors.A.message;
    // The vector is addressed to AgentID 218: configure that app, as a callback for another app is ignored.
    t = await openWecomApp({ now: at(m.timestamp), env: { WECOM_AGENT_ID: '218' } });
    const res = await t.app.inject({
      method: 'POST',
      url: `/wecom/app?msg_signature=${m.msg_signature}&timestamp=${m.timestamp}&nonce=${m.nonce}`,
      headers: { 'content-type': 'text/xml' },
      payload: m.body,
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
    await t.adapter.idle();
    const sends = t.fake.callsTo('/cgi-bin/message/send');
    expect(sends).toHaveLength(1);
    expect(sends[0]!.body).toMatchObject({ touser: 'mycreate', agentid: 218, msgtype: 'text' });
    const ids = t.services.db.$client.prepare("SELECT event_id FROM inbound_events WHERE platform='wecom'").all() as Array<{
      event_id: string;
    }>;
    expect(ids.map((r) => r.event_id)).toEqual(['app:4561255354251345929']);
  });

  it('keeps a non-numeric MsgId as the message id', async () => {
    t = await openWecomApp();
    t.bind('小李', 'u-li');
    await t.postApp(appTextXml({ from: 'u-li', text: '/log 现场回访 华东重工', msgId: 'CAIQg/PKxgYY2sC9tpuAgAMg9/zKaw==' }));
    await t.adapter.idle();
    const row = t.services.db.$client.prepare('SELECT source_message_id AS id FROM action_logs').get() as { id: string };
    expect(row.id).toBe('app:CAIQg/PKxgYY2sC9tpuAgAMg9/zKaw==');
  });

  it('keeps a numeric text message as text', async () => {
    t = await openWecomApp();
    t.bind('小李', 'u-li');
    await t.postApp(appTextXml({ from: 'u-li', text: '007', msgId: '1' }));
    await t.adapter.idle();
    expect(outboundText(t.fake.callsTo('/cgi-bin/message/send')[0]!)).toContain('007');
  });

  it('gives one reply to a duplicated delivery and a forged one gets 401 and does nothing', async () => {
    t = await openWecomApp();
    t.bind('小李', 'u-li');
    const forged = await t.sendText('/log 现场回访 华东重工', 'u-li', 'm-1', true);
    expect(forged.statusCode).toBe(401);
    await t.sendText('/log 现场回访 华东重工', 'u-li', 'm-1');
    await t.sendText('/log 现场回访 华东重工', 'u-li', 'm-1');
    await t.adapter.idle();
    expect(t.fake.callsTo('/cgi-bin/message/send')).toHaveLength(1);
    expect(t.fake.callsTo('/cgi-bin/gettoken')).toHaveLength(1);
  });

  it('refuses a correctly signed callback whose timestamp is over an hour off (a replay), and records nothing', async () => {
    t = await openWecomApp();
    t.bind('小李', 'u-li');
    const fixed = t.services.clock.now().getTime() / 1000;
    const post = (offsetS: number, msgId: string) => {
      const s = sealed(TEST_APP, appTextXml({ from: 'u-li', text: '/my', msgId }), { timestamp: String(fixed + offsetS) });
      return t!.app.inject({
        method: 'POST',
        url: `/wecom/app?${s.query}`,
        headers: { 'content-type': 'text/xml' },
        payload: appEnvelope(s.encrypt),
      });
    };
    expect((await post(-3 * 86_400, 'old')).statusCode).toBe(401);
    expect((await post(3_601, 'ahead')).statusCode).toBe(401);
    expect(t.services.db.$client.prepare('SELECT count(*) AS n FROM inbound_events').get()).toEqual({ n: 0 });
    expect((await post(-1_800, 'late')).statusCode).toBe(200);
    await t.adapter.idle();
    expect(t.fake.callsTo('/cgi-bin/message/send')).toHaveLength(1);
  });

  it('refuses a body from another corp (receive id check)', async () => {
    t = await openWecomApp({ env: { WECOM_CORP_ID: 'ww1436e0e65a779aee' } });
    const res = await t.sendText('/my', 'u-li', 'm-2');
    expect(res.statusCode).toBe(401);
  });

  it('routes a template card click to the action handler and updates the card with the response code', async () => {
    t = await openWecomApp();
    t.bind('小李', 'u-li');
    await t.sendText('/log 现场回访 华东重工', 'u-li', 'm-3');
    await t.adapter.idle();
    const sent = t.fake.callsTo('/cgi-bin/message/send')[0]!.body!;
    expect(sent.msgtype).toBe('template_card');
    const tc = sent.template_card as { card_type: string; task_id: string; button_list: Array<{ key: string; text: string }> };
    expect(tc.card_type).toBe('button_interaction');
    const undo = tc.button_list.find((b) => b.text.includes('撤销'))!;
    await t.postApp(appCardEventXml({ from: 'u-li', eventKey: undo.key, taskId: tc.task_id, responseCode: 'rc-click-1' }));
    await t.postApp(appCardEventXml({ from: 'u-li', eventKey: undo.key, taskId: tc.task_id, responseCode: 'rc-click-1' }));
    await t.adapter.idle();
    const updates = t.fake.callsTo('/cgi-bin/message/update_template_card');
    expect(updates).toHaveLength(1);
    expect(updates[0]!.body).toMatchObject({ userids: ['u-li'], response_code: 'rc-click-1' });
    expect((updates[0]!.body!.template_card as { task_id: string }).task_id).toBe(tc.task_id);
    const status = t.services.db.$client.prepare('SELECT status FROM action_logs').get() as { status: string };
    expect(status.status).toBe('voided');
  });
});

describe('WeCom people', () => {
  it('looks up a first-seen userid, binds it by name and falls back to the department leader', async () => {
    t = await openWecomApp();
    t.fake.users.set('wx-laowang', { name: '老王', department: [7], main_department: 7, direct_leader: [] });
    t.fake.departments.set('7', { department_leader: ['wx-zhang'] });
    await t.sendText('/my', 'wx-laowang', 'm-4');
    await t.adapter.idle();
    expect(t.services.repos.members.byIdentity('wecom', 'wx-laowang')?.name).toBe('老王');
    expect((await t.adapter.people.lookup('wx-laowang')).leaderUserId).toBe('wx-zhang');
    expect(outboundText(t.fake.callsTo('/cgi-bin/message/send')[0]!)).not.toContain('成员名单');
  });

  it('keeps an unmatched person pending for an admin', async () => {
    t = await openWecomApp();
    t.fake.users.set('wx-nobody', { name: '路人甲', department: [7], direct_leader: [] });
    await t.sendText('/my', 'wx-nobody', 'm-5');
    await t.adapter.idle();
    expect(t.services.repos.pendingIdentities.get('wecom', 'wx-nobody')).toMatchObject({ name: '路人甲', reason: 'missing' });
    expect(outboundText(t.fake.callsTo('/cgi-bin/message/send')[0]!)).toContain('成员名单');
  });

  it('does not bind a second person with the name of an already bound member', async () => {
    t = await openWecomApp();
    t.fake.users.set('wx-zhang', { name: '张经理', department: [7], direct_leader: [] });
    t.fake.users.set('wx-zhang-2', { name: '张经理', department: [9], direct_leader: [] });
    await t.sendText('/my', 'wx-zhang', 'm-7');
    await t.adapter.idle();
    await t.sendText('/复核', 'wx-zhang-2', 'm-8');
    await t.adapter.idle();
    expect(t.services.repos.members.byIdentity('wecom', 'wx-zhang')?.name).toBe('张经理');
    expect(t.services.repos.members.byIdentity('wecom', 'wx-zhang-2')).toBeNull();
    expect(t.services.repos.pendingIdentities.get('wecom', 'wx-zhang-2')).toMatchObject({ reason: 'conflict' });
  });

  it('makes the WeCom leader the manager of a member who has none', async () => {
    t = await openWecomApp();
    const region = t.services.repos.regions.byName('华东区')!;
    t.services.db.$client.prepare("INSERT INTO members (name, role, region_id) VALUES ('小新', 'rep', ?)").run(region.id);
    t.fake.users.set('wx-new', { name: '小新', department: [7], direct_leader: ['wx-zhang'] });
    t.fake.users.set('wx-zhang', { name: '张经理', department: [7], direct_leader: [] });
    await t.sendText('/my', 'wx-new', 'm-6');
    await t.adapter.idle();
    const xin = t.services.repos.members.byIdentity('wecom', 'wx-new')!;
    expect(t.services.repos.members.byId(xin.managerId!)?.name).toBe('张经理');
  });

  it('prefers direct_leader', async () => {
    t = await openWecomApp();
    t.fake.users.set('wx-li', { name: '小李', department: [7], direct_leader: ['wx-boss'] });
    expect((await t.adapter.people.lookup('wx-li')).leaderUserId).toBe('wx-boss');
  });
});

describe('WeCom sending', () => {
  it('refreshes the token once on 42001 and retries', async () => {
    t = await openWecomApp();
    t.fake.failNext('/cgi-bin/message/send', 42001);
    await t.adapter.send!({ kind: 'member', id: 'wx-zhang' }, text('本周预警'), 'k-1');
    expect(t.fake.callsTo('/cgi-bin/gettoken')).toHaveLength(2);
    expect(t.fake.callsTo('/cgi-bin/message/send')).toHaveLength(2);
  });

  it('shares one token refresh between concurrent sends and marks alerts for duplicate check', async () => {
    t = await openWecomApp();
    await Promise.all([1, 2, 3].map((i) => t!.adapter.send!({ kind: 'member', id: `wx-${i}` }, text('提醒'), `k-${i}`)));
    expect(t.fake.callsTo('/cgi-bin/gettoken')).toHaveLength(1);
    expect(t.fake.callsTo('/cgi-bin/message/send')[0]!.body).toMatchObject({ enable_duplicate_check: 1 });
  });

  it('backs off on -1 and 45009, then gives up after the last retry', async () => {
    const waits: number[] = [];
    t = await openWecomApp({
      adapter: {
        sleep: async (ms) => {
          waits.push(ms);
        },
        backoffMs: [10, 20],
      },
    });
    t.fake.failNext('/cgi-bin/message/send', -1, 45009);
    await t.adapter.send!({ kind: 'member', id: 'wx-a' }, text('x'), 'k-a');
    expect(waits).toEqual([10, 20]);
    t.fake.failNext('/cgi-bin/message/send', -1, -1, -1);
    await expect(t.adapter.send!({ kind: 'member', id: 'wx-b' }, text('x'), 'k-b')).rejects.toThrow(/-1/);
  });

  it('posts to a group through the region group robot when the AI bot is not connected', async () => {
    t = await openWecomApp({ env: { WECOM_GROUP_ROBOT_KEYS: '华东区=robot-key-1' } });
    t.services.repos.regions.bindChat(t.services.repos.regions.byName('华东区')!.id, 'wecom', 'wrGroup1');
    await t.adapter.send!(
      { kind: 'chat', id: 'wrGroup1' },
      card({ title: '周报', colour: 'blue', lines: ['华东区本周完成 80%'] }),
      'weekly-1',
    );
    const hooks = t.fake.callsTo('/cgi-bin/webhook/send');
    expect(hooks).toHaveLength(1);
    expect(hooks[0]!.query.key).toBe('robot-key-1');
    expect(outboundText(hooks[0]!)).toContain('华东区本周完成 80%');
    await expect(t.adapter.send!({ kind: 'chat', id: 'wrUnknown' }, text('x'), 'weekly-2')).rejects.toThrow(/WECOM_GROUP_ROBOT_KEYS/);
  });
});
