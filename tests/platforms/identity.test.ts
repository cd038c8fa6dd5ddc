import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, type Services } from '../../src/services.js';
import { openFeishuApp } from '../helpers/fake-feishu.js';
import { openWecomApp } from '../helpers/fake-wecom.js';
import { cardPayload, messagePayload } from '../helpers/feishu-sign.js';
import { seedSmallTeam } from '../helpers/team.js';
import { appTextXml, botText, sealed, TEST_BOT } from '../helpers/wecom-crypto.js';

// An event signed with our keys but addressed to another app or bot (docs/security.md): 200, nothing
// written, a warning in the log.

function capture() {
  const lines: string[] = [];
  const logTo = (s: Services) => {
    s.log = createLogger(
      'warn',
      new Writable({
        write(c, _e, done) {
          lines.push(String(c));
          done();
        },
      }),
    );
  };
  const seed = (s: Services) => {
    logTo(s);
    seedSmallTeam(s);
  };
  return { seed, logTo, log: () => lines.join('') };
}

const rows = (s: Services, table: string) => (s.db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('platform identity', () => {
  it('Feishu: ignores a correctly signed event whose header.app_id is another app', async () => {
    const c = capture();
    const h = await openFeishuApp({ seed: c.logTo });
    h.bind('小李', 'ou_li');
    const other = messagePayload({
      text: '/log 现场回访 华东重工',
      messageId: 'om_x1',
      userId: 'ou_li',
      token: 'v-token-1',
      appId: 'cli_ffffffffffffffff',
    });
    const res = await h.post(other);
    expect(res.statusCode).toBe(200);
    const click = await h.post(
      cardPayload({ userId: 'ou_li', value: { action: 'log.undo' }, token: 'v-token-1', appId: 'cli_ffffffffffffffff' }),
    );
    expect(click.statusCode).toBe(200);
    await h.adapter.idle();
    expect(rows(h.services, 'inbound_events')).toBe(0);
    expect(rows(h.services, 'action_logs')).toBe(0);
    expect(h.fake.messages()).toHaveLength(0);
    expect(c.log()).toContain('Feishu event for another app ignored');
    // The same event for our app goes through.
    await h.post(messagePayload({ text: '/log 现场回访 华东重工', messageId: 'om_x2', userId: 'ou_li', token: 'v-token-1' }));
    await h.adapter.idle();
    expect(rows(h.services, 'action_logs')).toBe(1);
    await h.close();
  });

  it('WeCom app: ignores a callback whose AgentID is another app', async () => {
    const c = capture();
    const t = await openWecomApp({ seed: c.seed });
    t.bind('小李', 'u-li');
    const xml = appTextXml({ from: 'u-li', text: '/log 现场回访 华东重工', msgId: '9001' }).replace(
      '<AgentID>1000002</AgentID>',
      '<AgentID>1000099</AgentID>',
    );
    const res = await t.postApp(xml);
    expect(res.statusCode).toBe(200);
    await t.adapter.idle();
    expect(rows(t.services, 'inbound_events')).toBe(0);
    expect(rows(t.services, 'action_logs')).toBe(0);
    expect(c.log()).toContain('AgentID is not WECOM_AGENT_ID');
    await t.sendText('/log 现场回访 华东重工', 'u-li', '9002');
    await t.adapter.idle();
    expect(rows(t.services, 'action_logs')).toBe(1);
    await t.close();
  });

  it('WeCom bot callback: ignores a callback whose aibotid is another bot', async () => {
    const c = capture();
    const t = await openWecomApp({ seed: c.seed, env: { WECOM_BOT_ID: 'AIBOTID', WECOM_BOT_SECRET: 'bot-secret' } });
    t.bind('小李', 'u-li');
    const post = (body: unknown) => {
      const s = sealed(TEST_BOT, JSON.stringify(body));
      return t.app.inject({
        method: 'POST',
        url: `/wecom/bot?${s.query}`,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ encrypt: s.encrypt }),
      });
    };
    const res = await post({ ...botText({ from: 'u-li', text: '/log 现场回访 华东重工', msgId: 'bm-x1' }), aibotid: 'ANOTHER' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
    await t.adapter.idle();
    expect(rows(t.services, 'inbound_events')).toBe(0);
    expect(c.log()).toContain('aibotid is not WECOM_BOT_ID');
    await post(botText({ from: 'u-li', text: '/log 现场回访 华东重工', msgId: 'bm-x2' }));
    await t.adapter.idle();
    expect(rows(t.services, 'action_logs')).toBe(1);
    await t.close();
  });
});
