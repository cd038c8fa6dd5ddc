import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { InboundEvent } from '../../core/events.js';
import type { Reply } from '../../core/reply.js';
import type { AdapterDeps, PlatformAdapter } from '../types.js';
import { registerAppRoutes } from './app-routes.js';
import { createBackground } from './background.js';
import { registerBotCallback } from './bot-callback.js';
import { mergeForUpdate } from './bot-reply.js';
import { createBotWs, type BotWsDeps } from './bot-ws.js';
import { createWecomClient, type WecomClient } from './client.js';
import { createOutbound } from './outbound.js';
import type { AppInbound, BotInbound } from './parse.js';
import { createPeople } from './people.js';
import { newTaskId, renderAppMessage, renderTemplateCard, type RenderContext } from './render.js';
import { createVerifier } from './verify.js';

// WeCom runs two surfaces (docs/platforms/wecom.md §0): the AI bot (智能机器人) for group commands, group cards and the
// Monday group post, and the self-built app (自建应用) for DMs, the directory and fallback delivery.
// A self-built app cannot be added to a group chat, so only the AI bot sees "@bot /log …" in a group.

export interface WecomAdapterOptions {
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  backoffMs?: number[];
  makeBotClient?: BotWsDeps['makeClient'];
}

export type WecomAdapter = PlatformAdapter & {
  /** Resolves when every piece of work started after an ack has finished. */
  idle(): Promise<void>;
  /** Group chat ids the AI bot has seen since start, for /bind and diagnostics. */
  knownGroups(): string[];
  people: ReturnType<typeof createPeople>;
};

type Handle = (ev: InboundEvent) => Promise<Reply[] | null>;

/** The app callback has no reply channel: answers go out through message/send (docs/platforms/wecom.md §3.3). */
async function answerApp(inbound: AppInbound, handle: Handle, client: WecomClient, ctx: () => RenderContext, log: Logger): Promise<void> {
  const ev = inbound.event;
  const replies = await handle(ev);
  if (!replies?.length || (ev.kind !== 'message' && ev.kind !== 'card_action')) return;
  const userId = ev.sender.userId;
  if (ev.kind === 'card_action' && inbound.responseCode && inbound.taskId) {
    // The clicked card is replaced with the answer; the response code works once (docs/platforms/wecom.md §5.1).
    const card = renderTemplateCard(mergeForUpdate(replies), { ...ctx(), taskId: inbound.taskId });
    try {
      return await client.updateCard(userId, inbound.responseCode, card);
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'WeCom update_template_card failed; sending the answer as a new message');
    }
  }
  for (const r of replies) await client.sendToUser(userId, renderAppMessage(r, ctx()));
}

export function createWecomAdapter({ services, router }: AdapterDeps, opts: WecomAdapterOptions = {}): WecomAdapter {
  const c = services.config;
  if (!c.WECOM_CORP_ID || !c.WECOM_SECRET || !c.WECOM_AGENT_ID) throw new Error('WeCom needs WECOM_CORP_ID, WECOM_SECRET and WECOM_AGENT_ID');
  const log = services.log.child({ platform: 'wecom' });
  const now = () => services.clock.now().getTime();
  const background = createBackground(log);
  const client = createWecomClient({ apiBase: c.WECOM_API_BASE, corpId: c.WECOM_CORP_ID, secret: c.WECOM_SECRET, agentId: c.WECOM_AGENT_ID, now, log, fetch: opts.fetch, sleep: opts.sleep, backoffMs: opts.backoffMs });
  const people = createPeople(services, client);
  const groups = new Map<string, number>();
  const renderContext = (): RenderContext => ({ taskId: newTaskId(now()), cardUrl: c.PUBLIC_BASE_URL ?? 'https://work.weixin.qq.com/' });

  /** Binds a first-seen sender, then the shared router (which dedupes in SQLite). Null: nothing to say. */
  const handle: Handle = async (ev) => {
    if (ev.kind !== 'message' && ev.kind !== 'card_action') {
      log.debug({ type: ev.kind === 'unsupported' ? ev.type : ev.kind }, 'WeCom event ignored');
      return null;
    }
    if (ev.chat.kind === 'group') groups.set(ev.chat.chatId, now());
    const name = await people.ensure(ev.sender.userId);
    const event = name ? { ...ev, sender: { ...ev.sender, name } } : ev;
    const out = await background.serial(() => router.dispatch(event));
    return out.duplicate ? null : out.replies;
  };

  /**
   * A callback for another app or bot of the corp (a Token and EncodingAESKey shared between them)
   * is acked and dropped. The long connection is our bot's own, so only callbacks carry the check.
   */
  const foreign = (kind: 'AgentID' | 'aibotid', got: string | undefined, want: string | undefined): boolean => {
    if (!got || !want || got === want) return false;
    log.warn({ [kind]: got }, `WeCom callback for another ${kind === 'AgentID' ? 'app' : 'bot'} ignored (${kind} is not ${kind === 'AgentID' ? 'WECOM_AGENT_ID' : 'WECOM_BOT_ID'})`);
    return true;
  };

  const botDeps = { log, background, renderContext, handle: (i: { event: InboundEvent }) => handle(i.event) };
  const botWs = c.WECOM_BOT_MODE === 'ws' && c.WECOM_BOT_ID && c.WECOM_BOT_SECRET
    ? createBotWs({ ...botDeps, botId: c.WECOM_BOT_ID, secret: c.WECOM_BOT_SECRET, makeClient: opts.makeBotClient })
    : null;
  const outbound = createOutbound({ services, client, botWs, renderContext });

  async function registerBot(app: FastifyInstance): Promise<void> {
    if (c.WECOM_BOT_MODE !== 'callback') {
      if (!botWs) log.warn('WeCom AI bot off: set WECOM_BOT_ID and WECOM_BOT_SECRET (long connection) for group commands');
      return;
    }
    if (!c.WECOM_BOT_TOKEN || !c.WECOM_BOT_ENCODING_AES_KEY) throw new Error('WECOM_BOT_MODE=callback needs WECOM_BOT_TOKEN and WECOM_BOT_ENCODING_AES_KEY');
    // An enterprise-internal AI bot signs with ReceiveId "" (doc 101033).
    const verifier = createVerifier({ token: c.WECOM_BOT_TOKEN, encodingAesKey: c.WECOM_BOT_ENCODING_AES_KEY, receiveId: '', now });
    const postResponseUrl = async (url: string, body: unknown) => {
      const res = await (opts.fetch ?? fetch)(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
      if (!res.ok) throw new Error(`WeCom response_url answered HTTP ${res.status}`);
    };
    const checked = async (i: BotInbound) => (foreign('aibotid', i.botId, c.WECOM_BOT_ID) ? null : handle(i.event));
    await registerBotCallback(app, { ...botDeps, handle: checked, verifier, nowSeconds: () => Math.floor(now() / 1000), postResponseUrl });
  }

  async function register(app: FastifyInstance): Promise<void> {
    if (c.WECOM_TOKEN && c.WECOM_ENCODING_AES_KEY) {
      const verifier = createVerifier({ token: c.WECOM_TOKEN, encodingAesKey: c.WECOM_ENCODING_AES_KEY, receiveId: c.WECOM_CORP_ID!, now });
      await registerAppRoutes(app, verifier, (inbound) => foreign('AgentID', inbound.agentId, c.WECOM_AGENT_ID) || background.run(
        { eventId: 'eventId' in inbound.event ? inbound.event.eventId : undefined },
        () => answerApp(inbound, handle, client, renderContext, log),
      ));
    } else log.warn('WeCom app callback off: set WECOM_TOKEN and WECOM_ENCODING_AES_KEY to receive DMs at /wecom/app');
    await registerBot(app);
  }

  return {
    platform: 'wecom',
    register,
    render: (reply) => renderAppMessage(reply, renderContext()),
    send: outbound.send,
    ...(botWs ? { connected: () => botWs.connected() } : {}),
    start: async () => botWs?.start(),
    stop: async () => { await botWs?.stop(); await background.idle(); },
    idle: () => background.idle(),
    knownGroups: () => [...groups.keys()],
    people,
  };
}
