import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { retryDecisionOf } from '../../core/errors.js';
import type { CardActionEvent, InboundEvent, MessageEvent } from '../../core/events.js';
import { acceptDurably, resolveAndDispatch } from '../../core/inbound.js';
import type { Reply } from '../../core/reply.js';
import type { AdapterDeps, PlatformAdapter } from '../types.js';
import { registerAppRoutes } from './app-routes.js';
import { registerBotCallback } from './bot-callback.js';
import { mergeForUpdate } from './bot-reply.js';
import { type BotWsDeps, createBotWs } from './bot-ws.js';
import { createWecomClient, type WecomClient } from './client.js';
import { createOutbound } from './outbound.js';
import type { AppInbound, BotInbound } from './parse.js';
import { createDirectory, type Directory } from './people.js';
import { newTaskId, type RenderContext, renderAppMessage, renderTemplateCard } from './render.js';
import { createVerifier } from './verify.js';

// WeCom runs two surfaces (docs/platforms/wecom.md §0): the AI bot (智能机器人) for group commands, group cards and the
// Monday group post, and the self-built app (自建应用) for DMs, the directory and fallback delivery.
// A self-built app cannot be added to a group chat, so only the AI bot sees "@bot /log …" in a group.

/** The adapter's own settings, built from the configuration by src/adapters.ts. */
export interface WecomSettings {
  corpId: string;
  agentId: string;
  secret: string;
  /** The app callback's Token and EncodingAESKey; absent = no /wecom/app route. */
  token?: string | undefined;
  encodingAesKey?: string | undefined;
  botMode: 'ws' | 'callback';
  botId?: string | undefined;
  botSecret?: string | undefined;
  /** WECOM_BOT_WS_URL: the AI bot's long-connection endpoint (a private deployment, a test fake). */
  botWsUrl?: string | undefined;
  botToken?: string | undefined;
  botEncodingAesKey?: string | undefined;
  apiBase: string;
  groupRobotKeys?: string | undefined;
  /** Where text_notice cards link to (PUBLIC_BASE_URL). */
  publicBaseUrl?: string | undefined;
}

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
  people: Directory;
};

type Handle = (ev: InboundEvent) => Promise<Reply[] | null>;

/** The app callback has no reply channel: answers go out through message/send (docs/platforms/wecom.md §3.3). */
type SendReply = (userId: string, reply: Reply, key: string) => Promise<void>;

async function answerApp(
  inbound: AppInbound,
  handle: Handle,
  client: WecomClient,
  ctx: () => RenderContext,
  log: Logger,
  sendReply: SendReply,
): Promise<void> {
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
  for (const [i, r] of replies.entries()) await sendReply(userId, r, `reply:${ev.eventId}:${i}`);
}

export function createWecomAdapter(deps: AdapterDeps, c: WecomSettings, opts: WecomAdapterOptions = {}): WecomAdapter {
  const { lane: background } = deps;
  const log = deps.log.child({ platform: 'wecom' });
  const now = () => deps.clock.now().getTime();
  const client = createWecomClient({
    apiBase: c.apiBase,
    corpId: c.corpId,
    secret: c.secret,
    agentId: c.agentId,
    now,
    log,
    fetch: opts.fetch,
    sleep: opts.sleep,
    backoffMs: opts.backoffMs,
  });
  const people = createDirectory(client);
  const groups = new Map<string, number>();
  const renderContext = (): RenderContext => ({ taskId: newTaskId(now()), cardUrl: c.publicBaseUrl ?? 'https://work.weixin.qq.com/' });

  /** Binds a first-seen sender, then the shared router (which dedupes in SQLite). Null: nothing to say. */
  const handle: Handle = async (ev) => {
    if (ev.kind !== 'message' && ev.kind !== 'card_action') {
      log.debug({ type: ev.kind === 'unsupported' ? ev.type : ev.kind }, 'WeCom event ignored');
      return null;
    }
    if (ev.chat.kind === 'group') groups.set(ev.chat.chatId, now());
    const out = await resolveAndDispatch(deps, ev, people.profile, true);
    return out?.replies ?? null;
  };

  /**
   * Durable before the ack (the inbox, src/core/ports.ts); false for a redelivery. Throws
   * synchronously when the write fails, so the callback route answers an error instead of the empty
   * 200 and WeCom pushes the event again (docs/platforms/wecom.md §3.3).
   */
  const accept = (ev: InboundEvent): boolean => (ev.kind === 'message' || ev.kind === 'card_action' ? deps.inbox.accept(ev) : true);
  const acceptThenHandle = (i: { event: InboundEvent }): Promise<Reply[] | null> =>
    accept(i.event) ? handle(i.event) : Promise.resolve(null);
  const botDeps = { log, background, renderContext, handle: acceptThenHandle };

  /**
   * A callback for another app or bot of the corp (a Token and EncodingAESKey shared between them)
   * is acked and dropped. The long connection is our bot's own, so only callbacks carry the check.
   */
  const foreign = (kind: 'AgentID' | 'aibotid', got: string | undefined, want: string | undefined): boolean => {
    if (!got || !want || got === want) return false;
    log.warn(
      { [kind]: got },
      `WeCom callback for another ${kind === 'AgentID' ? 'app' : 'bot'} ignored (${kind} is not ${kind === 'AgentID' ? 'WECOM_AGENT_ID' : 'WECOM_BOT_ID'})`,
    );
    return true;
  };
  const botWs =
    c.botMode === 'ws' && c.botId && c.botSecret
      ? createBotWs({ ...botDeps, botId: c.botId, secret: c.botSecret, wsUrl: c.botWsUrl, makeClient: opts.makeBotClient })
      : null;
  const outbound = createOutbound({
    chats: deps.chats,
    attempts: deps.attempts,
    log,
    robotKeys: c.groupRobotKeys,
    client,
    botWs,
    renderContext,
  });

  /**
   * A reply by message/send with a task_id fixed per message; if WeCom or the network fails it after
   * the client's retries (one HTTP 500 was never retried before), the outbox sends it again under the
   * same key, so the body is identical and the duplicate check drops a copy (docs/platforms/wecom.md §4.2).
   */
  const sendReply: SendReply = async (userId, reply, key) => {
    try {
      await outbound.sendToMember(userId, reply, key);
    } catch (err) {
      if (retryDecisionOf(err).targetGone) throw err;
      log.warn({ err: (err as Error).message, key }, 'WeCom reply failed; queued in the outbox');
      deps.outbox.enqueue('wecom', { kind: 'member', id: userId }, reply, key);
    }
  };

  async function registerBot(app: FastifyInstance): Promise<void> {
    if (c.botMode !== 'callback') {
      if (!botWs) log.warn('WeCom AI bot off: set WECOM_BOT_ID and WECOM_BOT_SECRET (long connection) for group commands');
      return;
    }
    if (!c.botToken || !c.botEncodingAesKey)
      throw new Error('WECOM_BOT_MODE=callback needs WECOM_BOT_TOKEN and WECOM_BOT_ENCODING_AES_KEY');
    // An enterprise-internal AI bot signs with ReceiveId "" (doc 101033).
    const verifier = createVerifier({ token: c.botToken, encodingAesKey: c.botEncodingAesKey, receiveId: '', now });
    const postResponseUrl = async (url: string, body: unknown) => {
      const res = await (opts.fetch ?? fetch)(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      if (!res.ok) throw new Error(`WeCom response_url answered HTTP ${res.status}`);
    };
    // Not async: a failed inbox write must throw synchronously so the route answers an error (see accept).
    const checked = (i: BotInbound) => (foreign('aibotid', i.botId, c.botId) ? Promise.resolve(null) : acceptThenHandle(i));
    await registerBotCallback(app, { ...botDeps, handle: checked, verifier, nowSeconds: () => Math.floor(now() / 1000), postResponseUrl });
  }

  async function register(app: FastifyInstance): Promise<void> {
    if (c.token && c.encodingAesKey) {
      const verifier = createVerifier({ token: c.token, encodingAesKey: c.encodingAesKey, receiveId: c.corpId, now });
      await registerAppRoutes(app, verifier, async (inbound) => {
        if (foreign('AgentID', inbound.agentId, c.agentId)) return;
        const ev = inbound.event;
        if ((ev.kind === 'message' || ev.kind === 'card_action') && !(await acceptDurably(deps.inbox, ev))) return;
        background.track(() => answerApp(inbound, handle, client, renderContext, log, sendReply), {
          eventId: 'eventId' in inbound.event ? inbound.event.eventId : undefined,
        });
      });
    } else log.warn('WeCom app callback off: set WECOM_TOKEN and WECOM_ENCODING_AES_KEY to receive DMs at /wecom/app');
    await registerBot(app);
  }

  /** An event acked before a crash, from the inbox: app events answer by message/send, AI-bot ones by a proactive post. */
  function resume(event: MessageEvent | CardActionEvent): void {
    const label = { eventId: event.eventId, resumed: true };
    if (!event.eventId.startsWith('bot:')) {
      background.track(() => answerApp({ event }, handle, client, renderContext, log, sendReply), label);
      return;
    }
    background.track(async () => {
      const target =
        event.chat.kind === 'group'
          ? { kind: 'chat' as const, id: event.chat.chatId }
          : { kind: 'member' as const, id: event.sender.userId };
      for (const [i, r] of ((await handle(event)) ?? []).entries()) await outbound.send(target, r, `reply:${event.eventId}:${i}`);
    }, label);
  }

  return {
    platform: 'wecom',
    register,
    resume,
    ...(botWs ? { connected: () => botWs.connected() } : {}),
    render: (reply) => renderAppMessage(reply, renderContext()),
    send: outbound.send,
    start: async () => botWs?.start(),
    stop: async () => {
      await botWs?.stop();
      await background.idle();
    },
    idle: () => background.idle(),
    knownGroups: () => [...groups.keys()],
    people,
  };
}
