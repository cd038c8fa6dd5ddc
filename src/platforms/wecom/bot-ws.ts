import { generateReqId, WSClient, type WsFrame } from '@wecom/aibot-node-sdk';
import type { Logger } from 'pino';
import type { Lane } from '../../core/lane.js';
import { isPrivate, type Reply } from '../../core/reply.js';
import { composeBotReply, mergeForUpdate } from './bot-reply.js';
import { type BotInbound, parseBotBody } from './parse.js';
import { type RenderContext, renderBotMessage, renderTemplateCard, type TemplateCard } from './render.js';

// The AI bot over the long connection (wss://openws.work.weixin.qq.com), through the official SDK:
// it authenticates, sends the 30 s heartbeat and reconnects with backoff (aibot-node-sdk README).
// Only one live connection per bot: a second one makes WeCom send disconnected_event to the first and
// close it (docs/platforms/wecom.md §3.2). This process then stays standby and never fights back; group posts fall
// back to the group robot.

/** The slice of WSClient this adapter uses; tests pass a fake with the same methods. */
export type BotWsClient = Pick<
  WSClient,
  | 'connect'
  | 'disconnect'
  | 'on'
  | 'replyStream'
  | 'replyTemplateCard'
  | 'replyStreamWithCard'
  | 'updateTemplateCard'
  | 'sendMessage'
  | 'isConnected'
>;

export interface BotWsDeps {
  botId: string;
  secret: string;
  /** WECOM_BOT_WS_URL: a private deployment or a test's loopback server; undefined keeps the SDK's default. */
  wsUrl?: string;
  log: Logger;
  background: Lane;
  renderContext: () => RenderContext;
  /** Binds the sender, dispatches; null when a duplicate or nothing to answer. */
  handle: (inbound: BotInbound) => Promise<Reply[] | null>;
  makeClient?: (opts: ConstructorParameters<typeof WSClient>[0]) => BotWsClient;
}

export function createBotWs(d: BotWsDeps) {
  let client: BotWsClient | null = null;
  let standby = false;
  // The SDK's isConnected is true once the socket opens, before aibot_subscribe is answered: a
  // wrong secret would read as ready. Ready means authenticated on the current socket.
  let authenticated = false;
  const up = (): boolean => !!client?.isConnected && authenticated;

  async function answer(frame: WsFrame, c: BotWsClient): Promise<void> {
    const inbound = parseBotBody(frame.body);
    const replies = await d.handle(inbound);
    if (!replies?.length) return;
    if (inbound.event.kind === 'card_action' && inbound.taskId && !isPrivate(replies[0])) {
      // Card updates must go out within 5 s of the event (aibot-node-sdk updateTemplateCard); no
      // userids = the card changes for everyone in the group (docs/platforms/wecom.md §5.2).
      const card = renderTemplateCard(mergeForUpdate(replies), { ...d.renderContext(), taskId: inbound.taskId });
      await c.updateTemplateCard(frame, card as TemplateCard & Parameters<BotWsClient['updateTemplateCard']>[1]);
      return;
    }
    const r = composeBotReply(replies, d.renderContext());
    const streamId = generateReqId('stream');
    if (r.card && r.markdown) await c.replyStreamWithCard(frame, streamId, r.markdown, true, { templateCard: r.card });
    else if (r.card) await c.replyTemplateCard(frame, r.card);
    else if (r.markdown) await c.replyStream(frame, streamId, r.markdown, true);
  }

  function listen(c: BotWsClient): void {
    const onFrame = (frame: WsFrame) => d.background.track(() => answer(frame, c), { via: 'bot-ws', reqId: frame.headers?.req_id });
    c.on('message.text', onFrame);
    c.on('message.mixed', onFrame);
    c.on('event.template_card_event', onFrame);
    c.on('authenticated', () => {
      authenticated = true;
      standby = false;
      d.log.info('WeCom AI bot long connection authenticated');
    });
    c.on('disconnected', (reason) => {
      authenticated = false;
      d.log.warn({ reason }, 'WeCom AI bot long connection closed; the SDK reconnects');
    });
    c.on('event.disconnected_event', () => {
      standby = true;
      d.log.warn('WeCom AI bot: another instance opened the long connection; this one is now standby (run one primary)');
    });
    c.on('error', (err) => d.log.error({ err: err.message }, 'WeCom AI bot long connection error'));
  }

  return {
    async start(): Promise<void> {
      if (client) return; // one connection per process
      const opts = {
        botId: d.botId,
        secret: d.secret,
        maxReconnectAttempts: -1,
        logger: sdkLogger(d.log),
        ...(d.wsUrl ? { wsUrl: d.wsUrl } : {}),
      };
      client = d.makeClient ? d.makeClient(opts) : new WSClient(opts);
      listen(client);
      client.connect();
    },
    async stop(): Promise<void> {
      client?.disconnect();
      client = null;
      authenticated = false;
    },
    /** For /readyz: the long connection is up and authenticated. */
    connected: up,
    /** Proactive post (aibot_send_msg) to a group chatid or a userid; false when not connected. */
    async sendToChat(chatId: string, reply: Reply): Promise<boolean> {
      if (!client || !up() || standby) return false;
      // A report goes as markdown with every line, a card with buttons as a template card (render.ts).
      await client.sendMessage(chatId, renderBotMessage(reply, d.renderContext()));
      return true;
    },
  };
}

/** The SDK logs through this; its arguments may hold frames, so only the message is kept. */
function sdkLogger(log: Logger) {
  return {
    debug: (m: string) => log.debug(`aibot: ${m}`),
    info: (m: string) => log.debug(`aibot: ${m}`),
    warn: (m: string) => log.warn(`aibot: ${m}`),
    error: (m: string) => log.error(`aibot: ${m}`),
  };
}

export type BotWs = ReturnType<typeof createBotWs>;
