import { decrypt as libDecrypt } from '@wecom/crypto';
import { composeBotReply } from '../../src/platforms/wecom/bot-reply.js';
import { newTaskId } from '../../src/platforms/wecom/render.js';
import { openWecomApp, outboundText } from '../helpers/fake-wecom.js';
import { botText, sealed, TEST_BOT } from '../helpers/wecom-crypto.js';
import { adapterContract } from './adapter-contract.js';

// The shared adapter contract over the AI bot's JSON callback, the group surface (docs/platforms/wecom.md §0):
// "@作战室 /log …" in a group arrives signed and encrypted at /wecom/bot; the answer rides, encrypted, in the
// HTTP response (a stream and/or a template card). Anything sent through message/send (a private answer
// moved to a DM) counts as outbound too.

const GROUP = 'wrGroupContract';

/** The visible text of a decrypted passive reply. */
function passiveText(plain: Record<string, unknown>): string {
  const stream = plain.stream as { content?: string } | undefined;
  return [stream?.content, plain.template_card ? JSON.stringify(plain.template_card) : undefined].filter(Boolean).join('\n');
}

adapterContract({
  name: 'wecom (AI bot callback, group)',
  signed: true,
  limits: 'wecomBot',
  async open() {
    const t = await openWecomApp();
    const passive: string[] = [];
    const deliver = async (text: string, o: { messageId: string; userId: string }, forge: boolean) => {
      const body = botText({ from: o.userId, text: `@作战室 ${text}`, msgId: o.messageId, chatId: GROUP });
      const s = sealed(TEST_BOT, JSON.stringify(body), { forge });
      const res = await t.app.inject({
        method: 'POST',
        url: `/wecom/bot?${s.query}`,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ encrypt: s.encrypt }),
      });
      if (res.statusCode === 200 && res.body) {
        const sealedReply = JSON.parse(res.body) as { encrypt: string };
        passive.push(passiveText(JSON.parse(libDecrypt(TEST_BOT.encodingAesKey, sealedReply.encrypt).message) as Record<string, unknown>));
      }
      return { status: res.statusCode };
    };
    return {
      services: t.services,
      deliverMessage: (text, o) => deliver(text, o, false),
      deliverForged: (text, o) => deliver(text, o, true),
      outbound: async () => {
        await t.adapter.idle();
        return [...passive, ...t.fake.callsTo('/cgi-bin/message/send').map(outboundText)];
      },
      bind: t.bind,
      render: (r) => composeBotReply([r], { taskId: newTaskId(t.clock.now().getTime()), cardUrl: 'https://work.weixin.qq.com/' }),
    };
  },
});
