import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Lane } from '../../core/lane.js';
import { isPrivate, type Reply } from '../../core/reply.js';
import { PlatformVerificationError } from '../types.js';
import { answerEchostr, type CallbackRequest, rawBodyScope, refuse } from './app-routes.js';
import { type BotReply, callbackReplyPlain, composeBotReply, mergeForUpdate } from './bot-reply.js';
import { type BotInbound, parseBotBody } from './parse.js';
import { type RenderContext, renderTemplateCard } from './render.js';
import type { CallbackVerifier } from './verify.js';

// GET/POST /wecom/bot: the AI bot's JSON callback (短连接). Same SHA-1/AES scheme as the app with
// ReceiveId "" (doc 101033). The reply rides in the HTTP response, encrypted, and must arrive within
// 5 s; if the handler is slower we answer empty and use response_url (once, within 1 h, doc 101138).

/** Below WeCom's 5 s so that the encrypted reply still makes it (docs/platforms/wecom.md §3.3). */
const PASSIVE_DEADLINE_MS = 4_000;

export interface BotCallbackDeps {
  verifier: CallbackVerifier;
  log: Logger;
  background: Lane;
  nowSeconds: () => number;
  renderContext: () => RenderContext;
  handle: (inbound: BotInbound) => Promise<Reply[] | null>;
  /** POSTs a markdown/template_card body to the one-time response_url. */
  postResponseUrl: (url: string, body: unknown) => Promise<void>;
}

function decodeBody(verifier: CallbackVerifier, req: CallbackRequest): BotInbound {
  let encrypt = '';
  try {
    const outer = JSON.parse(typeof req.body === 'string' ? req.body : '') as { encrypt?: unknown };
    if (typeof outer.encrypt === 'string') encrypt = outer.encrypt;
  } catch {
    throw new PlatformVerificationError('WeCom bot callback rejected: body is not the encrypted JSON envelope', 'wecom');
  }
  return parseBotBody(JSON.parse(verifier.open(req.query, encrypt)) as unknown);
}

function plainFor(inbound: BotInbound, replies: Reply[], ctx: RenderContext): Record<string, unknown> | null {
  if (inbound.event.kind === 'card_action' && inbound.taskId && !isPrivate(replies[0])) {
    // Passive "模板卡片更新消息": the same task_id; the card changes for everyone (docs/platforms/wecom.md §5.2).
    return {
      response_type: 'update_template_card',
      template_card: renderTemplateCard(mergeForUpdate(replies), { ...ctx, taskId: inbound.taskId }),
    };
  }
  return callbackReplyPlain(composeBotReply(replies, ctx), `s_${ctx.taskId}`);
}

export async function registerBotCallback(app: FastifyInstance, d: BotCallbackDeps): Promise<void> {
  await rawBodyScope(app, (scope) => {
    scope.get('/wecom/bot', answerEchostr(d.verifier));
    scope.post('/wecom/bot', async (req: CallbackRequest, reply) => {
      let inbound: BotInbound;
      try {
        inbound = decodeBody(d.verifier, req);
      } catch (err) {
        if (err instanceof SyntaxError) return reply.code(400).type('text/plain').send('bad payload');
        return refuse(req, reply, err);
      }
      const work = d.handle(inbound);
      const timer = new Promise<'late'>((r) => setTimeout(() => r('late'), PASSIVE_DEADLINE_MS).unref());
      const first = await Promise.race([work, timer]).catch((err: unknown) => {
        d.log.error({ err }, 'WeCom bot handler failed');
        return null;
      });
      if (first === 'late') {
        d.background.track(async () => lateReply(d, inbound, await work), { via: 'bot-callback-late' });
        return reply.code(200).type('text/plain').send('');
      }
      const plain = first?.length ? plainFor(inbound, first, d.renderContext()) : null;
      if (!plain) return reply.code(200).type('text/plain').send('');
      const sealed = d.verifier.seal(JSON.stringify(plain), String(d.nowSeconds()));
      return reply
        .code(200)
        .type('application/json')
        .send({ encrypt: sealed.encrypt, msgsignature: sealed.signature, timestamp: Number(sealed.timestamp), nonce: sealed.nonce });
    });
  });
}

async function lateReply(d: BotCallbackDeps, inbound: BotInbound, replies: Reply[] | null): Promise<void> {
  if (!replies?.length || !inbound.responseUrl) return;
  const r: BotReply = composeBotReply(replies, d.renderContext());
  // response_url takes one markdown or template_card message (doc 101138).
  const body = r.card
    ? { msgtype: 'template_card', template_card: r.card }
    : { msgtype: 'markdown', markdown: { content: r.markdown ?? '' } };
  await d.postResponseUrl(inbound.responseUrl, body);
}
