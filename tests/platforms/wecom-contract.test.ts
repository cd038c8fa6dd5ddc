import { openWecomApp, outboundText } from '../helpers/fake-wecom.js';
import { adapterContract } from './adapter-contract.js';

// The shared adapter contract over the self-built app's callback: messages arrive as signed, encrypted
// XML at /wecom/app and replies leave through message/send to the local fake WeCom API.

adapterContract({
  name: 'wecom (self-built app callback)',
  signed: true,
  limits: 'wecomApp',
  async open() {
    const t = await openWecomApp();
    return {
      services: t.services,
      deliverMessage: async (text, { messageId, userId }) => ({ status: (await t.sendText(text, userId, messageId)).statusCode }),
      deliverForged: async (text, { messageId, userId }) => ({ status: (await t.sendText(text, userId, messageId, true)).statusCode }),
      outbound: async () => {
        await t.adapter.idle();
        return t.fake.callsTo('/cgi-bin/message/send').map(outboundText);
      },
      bind: t.bind,
      render: (r) => t.adapter.render(r),
    };
  },
});
