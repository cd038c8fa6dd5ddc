import type * as lark from '@larksuiteoapi/node-sdk';
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../core/clock.js';
import { PlatformVerificationError } from '../types.js';
import { type FeishuSecrets, openRequest } from './verify.js';

// Webhook mode: ONE route takes events and card callbacks (the dispatcher routes on
// header.event_type). Registered as an encapsulated plugin, so the raw-body JSON parser below
// applies to this route only and every other route keeps Fastify's JSON parsing.

export const FEISHU_EVENTS_PATH = '/feishu/events';

export interface RouteDeps {
  secrets: FeishuSecrets;
  clock: Clock;
  dispatcher: lark.EventDispatcher;
}

export function feishuRoutes(deps: RouteDeps) {
  return async function feishuPlugin(scope: FastifyInstance): Promise<void> {
    // The signature covers the exact bytes received (docs/platforms/feishu.md §1.5), so keep them as a string.
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));

    scope.post(FEISHU_EVENTS_PATH, async (req, reply) => {
      const raw = typeof req.body === 'string' ? req.body : '';
      let opened: ReturnType<typeof openRequest>;
      try {
        opened = openRequest(raw, req.headers, deps.secrets, deps.clock.now().getTime());
      } catch (err) {
        if (!(err instanceof PlatformVerificationError)) throw err;
        req.log.warn({ reason: err.message }, 'Feishu request refused');
        return reply.code(401).send({ error: 'unauthorized' });
      }
      // The challenge must be answered within 1 s: nothing else happens on this path.
      if (opened.kind === 'challenge') return { challenge: opened.challenge };
      let result: unknown;
      try {
        result = await deps.dispatcher.invoke(opened.envelope, { needCheck: false });
      } catch (err) {
        // The event could not be made durable (the inbox write failed): no 200, so Feishu pushes it
        // again (docs/platforms/feishu.md §2.2) instead of losing an acked message.
        req.log.error({ err }, 'Feishu event not written to the inbox; answered 503 so Feishu redelivers');
        return reply.code(503).send({ error: 'busy' });
      }
      // Unknown types make the SDK return a string; Feishu wants 200 and a JSON object, never a 3xx.
      return result && typeof result === 'object' ? result : {};
    });
  };
}
