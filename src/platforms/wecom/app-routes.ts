import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PlatformVerificationError } from '../types.js';
import { type AppInbound, encryptOfXml, parseAppXml } from './parse.js';
import type { CallbackQuery, CallbackVerifier } from './verify.js';

// GET/POST /wecom/app: the self-built app's callback (docs/platforms/wecom.md §1). Bodies are read as raw strings
// by a parser registered inside this plugin only (fastify encapsulation), so no other route changes.

export type CallbackRequest = FastifyRequest<{ Querystring: CallbackQuery; Body: string }>;

/** A plugin scope whose every body arrives as the exact string received. */
export async function rawBodyScope(app: FastifyInstance, routes: (scope: FastifyInstance) => void): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    routes(scope);
  });
}

export function refuse(req: FastifyRequest, reply: FastifyReply, err: unknown): FastifyReply {
  if (!(err instanceof PlatformVerificationError)) throw err;
  // The reason names what to fix; no query values or ciphertext are logged.
  req.log.warn({ url: req.routeOptions.url }, err.message);
  return reply.code(401).type('text/plain').send('invalid signature');
}

/**
 * URL verification: answer the decrypted echostr within 1 s, "不能加引号，不能带bom头，不能带换行符"
 * (docs/platforms/wecom.md §1.1). Fastify's query parser already URL-decodes %2B/%2F/%3D.
 */
export function answerEchostr(verifier: CallbackVerifier) {
  return async (req: CallbackRequest, reply: FastifyReply) => {
    try {
      const plain = verifier.open(req.query, req.query.echostr ?? '');
      return reply.code(200).type('text/plain; charset=utf-8').send(plain);
    } catch (err) {
      return refuse(req, reply, err);
    }
  };
}

export async function registerAppRoutes(
  app: FastifyInstance,
  verifier: CallbackVerifier,
  onInbound: (inbound: AppInbound) => Promise<void>,
): Promise<void> {
  await rawBodyScope(app, (scope) => {
    scope.get('/wecom/app', answerEchostr(verifier));
    scope.post('/wecom/app', async (req: CallbackRequest, reply) => {
      let inbound: AppInbound;
      try {
        const plain = verifier.open(req.query, encryptOfXml(typeof req.body === 'string' ? req.body : ''));
        inbound = parseAppXml(plain);
      } catch (err) {
        return refuse(req, reply, err);
      }
      // Ack at once with an empty 200 ("直接返回200（即以空串为返回包）", docs/platforms/wecom.md §3.3); the work,
      // including the SQLite dedupe claim, continues in the background and replies via message/send.
      try {
        await onInbound(inbound);
      } catch (err) {
        // Not durable, so not acked: without the empty 200 WeCom pushes the event again (docs/platforms/wecom.md §3.3).
        req.log.error({ err }, 'WeCom event not written to the inbox; answered 503 so WeCom redelivers');
        return reply.code(503).type('text/plain').send('busy');
      }
      return reply.code(200).type('text/plain').send('');
    });
  });
}
