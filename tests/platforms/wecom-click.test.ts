import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decrypt as libDecrypt } from '@wecom/crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeButtonKey } from '../../src/platforms/wecom/card-keys.js';
import { parseBotBody } from '../../src/platforms/wecom/parse.js';
import { openWecomApp } from '../helpers/fake-wecom.js';
import { botCardEvent, botText, sealed, TEST_BOT } from '../helpers/wecom-crypto.js';

// A template-card click reaches the AI bot in two shapes (docs/platforms/wecom.md §5.2): the documented one,
// under event.template_card_event, and the flat one of the SDK's type declarations. Both must work.

const fixture = (name: string, key: string) =>
  JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/wecom', name), 'utf8').replace('BUTTONKEYID', key)) as unknown;

let t: Awaited<ReturnType<typeof openWecomApp>> | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

async function postBot(body: unknown) {
  const s = sealed(TEST_BOT, JSON.stringify(body));
  const res = await t!.app.inject({
    method: 'POST',
    url: `/wecom/bot?${s.query}`,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ encrypt: s.encrypt }),
  });
  const out = res.body ? (JSON.parse(res.body) as { encrypt: string }) : null;
  return out ? JSON.parse(libDecrypt(TEST_BOT.encodingAesKey, out.encrypt).message) : null;
}

describe('WeCom AI-bot card clicks', () => {
  it.each(['bot-card-event.json', 'bot-card-event-flat.json'])('%s parses to the clicked action with its task id', (name) => {
    const key = encodeButtonKey(0, 'log.undo', { logId: '42' });
    const parsed = parseBotBody(fixture(name, key));
    expect(parsed.event).toMatchObject({
      kind: 'card_action',
      action: 'log.undo',
      value: { logId: '42' },
      messageId: 'TASKID',
      chat: { chatId: 'CHATID', kind: 'group' },
    });
    expect(parsed.taskId).toBe('TASKID');
  });

  it('an unknown key in the documented shape is reported as such, not routed', () => {
    expect(parseBotBody(fixture('bot-card-event.json', 'not-ours')).event).toMatchObject({
      kind: 'unsupported',
      type: 'bot:template_card_event:unknown_key',
    });
  });

  it.each([false, true])('a click on 撤销 (flat: %s) voids the log and updates the card', async (flat) => {
    t = await openWecomApp();
    t.bind('小李', 'u-li');
    const first = await postBot(botText({ from: 'u-li', text: '@作战室 /记录 现场回访 华东重工', msgId: 'ck-1', chatId: 'wrGroupA' }));
    const tc = first.template_card as { task_id: string; button_list: Array<{ text: string; key: string }> };
    const undo = tc.button_list.find((b) => b.text === '撤销')!;
    const logs = () => t!.services.db.$client.prepare('SELECT status FROM action_logs').all();
    expect(logs()).toEqual([{ status: 'valid' }]);
    const click = await postBot(
      botCardEvent({ from: 'u-li', msgId: 'ck-2', eventKey: undo.key, taskId: tc.task_id, chatId: 'wrGroupA', flat }),
    );
    expect(logs()).toEqual([{ status: 'voided' }]);
    expect(click).toMatchObject({ response_type: 'update_template_card', template_card: { task_id: tc.task_id } });
    expect(JSON.stringify(click)).toContain('已撤销');
  });
});

describe('WECOM_BOT_WS_URL', () => {
  it('is passed to the AI-bot SDK as wsUrl, and must be a ws:// or wss:// URL', async () => {
    const seen: Array<Record<string, unknown>> = [];
    t = await openWecomApp({
      env: { WECOM_BOT_MODE: 'ws', WECOM_BOT_ID: 'bot-id', WECOM_BOT_SECRET: 'bot-secret', WECOM_BOT_WS_URL: 'ws://127.0.0.1:9/aibot' },
      adapter: {
        makeBotClient: (opts) => {
          seen.push(opts as unknown as Record<string, unknown>);
          return { connect() {}, disconnect() {}, on() {}, isConnected: false } as never;
        },
      },
    });
    await t.adapter.start!();
    expect(seen[0]?.wsUrl).toBe('ws://127.0.0.1:9/aibot');
    const { loadConfig } = await import('../../src/config.js');
    expect(() => loadConfig({ WECOM_BOT_WS_URL: 'http://127.0.0.1:9/aibot' })).toThrow(/WECOM_BOT_WS_URL/);
  });
});
