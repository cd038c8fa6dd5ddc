import { describe, expect, it, onTestFinished } from 'vitest';
import { composeBotReply } from '../../src/platforms/wecom/bot-reply.js';
import { newTaskId } from '../../src/platforms/wecom/render.js';
import { openWecomApp, outboundText } from '../helpers/fake-wecom.js';
import { startFakeWecomWs, type WsFrameRecord, wsFrameText } from '../helpers/fake-wecom-ws.js';
import { botCardEvent, botText } from '../helpers/wecom-crypto.js';
import { adapterContract } from './adapter-contract.js';

// The shared adapter contract over the AI bot's long connection (WECOM_BOT_MODE=ws): the real SDK client
// (@wecom/aibot-node-sdk WSClient) connects to a loopback server speaking the long-connection protocol
// (tests/helpers/fake-wecom-ws.ts), pointed at by WECOM_BOT_WS_URL. Messages arrive as aibot_msg_callback
// frames, clicks as aibot_event_callback frames in both shapes (docs/platforms/wecom.md §5.2), and the answers
// go back as aibot_respond_msg / aibot_respond_update_msg frames on the same req_id.

const GROUP = 'wrGroupWs';
const BOT = { id: 'aibot-ws-test', secret: 'aibot-ws-test-secret' };

async function openWs(bot = BOT) {
  const server = await startFakeWecomWs(BOT);
  onTestFinished(() => server.close());
  const t = await openWecomApp({
    env: { WECOM_BOT_MODE: 'ws', WECOM_BOT_ID: bot.id, WECOM_BOT_SECRET: bot.secret, WECOM_BOT_WS_URL: server.url },
  });
  await t.adapter.start?.();
  return { t, server };
}

adapterContract({
  name: 'wecom (AI bot long connection, group)',
  // The connection is authenticated once, by the bot secret in aibot_subscribe: there is no per-message signature.
  signed: false,
  limits: 'wecomBot',
  async open() {
    const { t, server } = await openWs();
    await server.authenticated;
    return {
      services: t.services,
      async deliverMessage(text, o) {
        server.push(botText({ from: o.userId, text: `@作战室 ${text}`, msgId: o.messageId, chatId: GROUP }));
        await server.barrier();
        return { status: 200 };
      },
      outbound: async () => {
        await t.adapter.idle();
        return [
          ...server.frames.filter((f) => f.cmd !== 'ping').map(wsFrameText),
          ...t.fake.callsTo('/cgi-bin/message/send').map(outboundText),
        ];
      },
      bind: t.bind,
      render: (r) => composeBotReply([r], { taskId: newTaskId(t.clock.now().getTime()), cardUrl: 'https://work.weixin.qq.com/' }),
    };
  },
});

type Card = { task_id: string; button_list: Array<{ text: string; key: string }> };

describe('WeCom AI bot long connection: clicks', () => {
  async function logged(msgId: string) {
    const { t, server } = await openWs();
    await server.authenticated;
    t.bind('小李', 'u-li');
    const req = server.push(botText({ from: 'u-li', text: '@作战室 /log 现场回访 华东重工', msgId, chatId: GROUP }));
    const [reply] = await server.answered(req);
    expect(reply).toMatchObject({ cmd: 'aibot_respond_msg', body: { msgtype: 'template_card' } });
    const card = (reply as WsFrameRecord).body.template_card as Card;
    const logId = (t.services.db.$client.prepare('SELECT max(id) AS id FROM action_logs').get() as { id: number }).id;
    return { t, server, card, logId };
  }
  const status = (t: Awaited<ReturnType<typeof openWecomApp>>, id: number) =>
    (t.services.db.$client.prepare('SELECT status FROM action_logs WHERE id = ?').get(id) as { status: string }).status;

  it.each([
    ['documented (event.template_card_event)', false],
    ['flat (event_key under event)', true],
  ])('a click on 撤销 in the %s shape voids the log and updates the card for everyone', async (_, flat) => {
    const { t, server, card, logId } = await logged(`ws-log-${flat ? 'flat' : 'doc'}`);
    expect(status(t, logId)).toBe('valid');
    const undo = card.button_list.find((b) => b.text === '撤销')!;
    const req = server.push(
      botCardEvent({ from: 'u-li', msgId: `ws-click-${flat}`, eventKey: undo.key, taskId: card.task_id, chatId: GROUP, flat }),
    );
    const [update] = await server.answered(req);
    await t.adapter.idle();
    expect(update).toMatchObject({
      cmd: 'aibot_respond_update_msg',
      body: { response_type: 'update_template_card', template_card: { task_id: card.task_id } },
    });
    expect((update as WsFrameRecord).body.userids).toBeUndefined(); // the group card changes for everyone
    expect(wsFrameText(update as WsFrameRecord)).toContain('已撤销');
    expect(status(t, logId)).toBe('voided');
  });

  it('a wrong bot secret is refused at subscribe and no message is taken', async () => {
    const { t, server } = await openWs({ ...BOT, secret: 'not-the-secret' });
    // The SDK retries a refused subscribe; the first refusal is enough to know the secret was checked.
    while (server.refused === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    expect(server.frames).toEqual([]); // the refused client was handed nothing and sent nothing
    expect(() => server.push(botText({ from: 'u-li', text: '/my', msgId: 'ws-refused' }))).toThrow('no authenticated connection');
    expect(t.services.db.$client.prepare('SELECT count(*) AS n FROM inbound_events').get()).toEqual({ n: 0 });
  });
});
