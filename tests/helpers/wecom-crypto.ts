import { getSignature, encrypt as wecomEncrypt } from '@wecom/crypto';

// Builds signed, encrypted WeCom callbacks the way WeCom does, using @wecom/crypto (an implementation
// independent of src/platforms/wecom/crypto.ts, so the two check each other).

export interface WecomKeys {
  token: string;
  encodingAesKey: string;
  receiveId: string;
}

export const TEST_APP: WecomKeys = {
  token: 'QDG6eK',
  encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  receiveId: 'wx5823bf96d3bd56c7',
};
export const TEST_BOT: WecomKeys = {
  token: 'hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo',
  encodingAesKey: '6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt',
  receiveId: '',
};

export function sealed(keys: WecomKeys, plain: string, opts: { timestamp?: string; nonce?: string; forge?: boolean } = {}) {
  const timestamp = opts.timestamp ?? '1795658400';
  const nonce = opts.nonce ?? String(Math.floor(Math.random() * 1e9));
  const encrypt = wecomEncrypt(keys.encodingAesKey, plain, keys.receiveId);
  let signature = getSignature(keys.token, timestamp, nonce, encrypt);
  if (opts.forge) signature = signature.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
  const query = new URLSearchParams({ msg_signature: signature, timestamp, nonce }).toString();
  return { encrypt, signature, timestamp, nonce, query };
}

const cdata = (v: string) => `<![CDATA[${v}]]>`;

export function appTextXml(opts: { from: string; text: string; msgId: string; createTime?: string; corpId?: string }): string {
  return (
    `<xml><ToUserName>${cdata(opts.corpId ?? TEST_APP.receiveId)}</ToUserName><FromUserName>${cdata(opts.from)}</FromUserName>` +
    `<CreateTime>${opts.createTime ?? '1795658400'}</CreateTime><MsgType>${cdata('text')}</MsgType><Content>${cdata(opts.text)}</Content>` +
    `<MsgId>${opts.msgId}</MsgId><AgentID>1000002</AgentID></xml>`
  );
}

export function appCardEventXml(opts: {
  from: string;
  eventKey: string;
  taskId: string;
  responseCode: string;
  createTime?: string;
}): string {
  return (
    `<xml><ToUserName>${cdata(TEST_APP.receiveId)}</ToUserName><FromUserName>${cdata(opts.from)}</FromUserName>` +
    `<CreateTime>${opts.createTime ?? '1795658460'}</CreateTime><MsgType>${cdata('event')}</MsgType><Event>${cdata('template_card_event')}</Event>` +
    `<EventKey>${cdata(opts.eventKey)}</EventKey><TaskId>${cdata(opts.taskId)}</TaskId><CardType>${cdata('button_interaction')}</CardType>` +
    `<ResponseCode>${cdata(opts.responseCode)}</ResponseCode><AgentID>1000002</AgentID></xml>`
  );
}

/** The POST body WeCom sends to the app: only <Encrypt> is signed. */
export function appEnvelope(encrypt: string, corpId = TEST_APP.receiveId): string {
  return `<xml><ToUserName>${cdata(corpId)}</ToUserName><Encrypt>${cdata(encrypt)}</Encrypt><AgentID>${cdata('1000002')}</AgentID></xml>`;
}

export function botText(opts: { from: string; text: string; msgId: string; chatId?: string }) {
  return {
    msgid: opts.msgId,
    aibotid: 'AIBOTID',
    ...(opts.chatId ? { chatid: opts.chatId, chattype: 'group' } : { chattype: 'single' }),
    from: { userid: opts.from },
    response_url: 'http://127.0.0.1:9/unused',
    msgtype: 'text',
    text: { content: opts.text },
  };
}

/** A template-card click: the documented shape (event.template_card_event, doc 101027) unless `flat`. */
export function botCardEvent(opts: { from: string; msgId: string; eventKey: string; taskId: string; chatId?: string; flat?: boolean }) {
  const click = { event_key: opts.eventKey, task_id: opts.taskId };
  return {
    msgid: opts.msgId,
    create_time: 1795658460,
    aibotid: 'AIBOTID',
    ...(opts.chatId ? { chatid: opts.chatId, chattype: 'group' } : { chattype: 'single' }),
    from: { userid: opts.from },
    msgtype: 'event',
    event: opts.flat
      ? { eventtype: 'template_card_event', ...click }
      : { eventtype: 'template_card_event', template_card_event: { card_type: 'button_interaction', ...click } },
  };
}
