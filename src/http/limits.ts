import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { isConsolePath } from './console-guard.js';

// Limits on what one client can cost us (docs/security.md). Per-IP request limits on the pages a
// person opens: the dashboard (and its JSON), the battle-map API and the console. Platform
// webhooks are not limited by IP: Feishu and WeCom call from a few shared addresses, and every
// chat command is limited per member instead (src/http/inbound-guard.ts).

const limited = (req: FastifyRequest) => {
  const path = req.url.split('?')[0] ?? '';
  return isConsolePath(req.url) || path === '/warroom' || path.startsWith('/warroom/api/') || path === '/api/map';
};

/** Fastify's server options: a request must arrive whole within REQUEST_TIMEOUT_MS. */
export function serverTimeouts(config: Config) {
  const ms = config.REQUEST_TIMEOUT_MS;
  return {
    // Whole request (headers and body); Node checks every connectionsCheckingInterval, so a slow
    // client is cut between ms and ms + 5 s. Headers alone get at most ms as well.
    requestTimeout: ms,
    // An idle socket (no byte either way) is closed after this.
    connectionTimeout: ms + 10_000,
    http: { headersTimeout: ms, connectionsCheckingInterval: Math.min(5_000, ms) },
  };
}

export async function registerRateLimits(app: FastifyInstance, config: Config): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    max: config.RATE_LIMIT_HTTP_PER_MINUTE,
    timeWindow: 60_000,
    allowList: (req) => !limited(req),
    errorResponseBuilder: (_req, ctx) => ({
      statusCode: 429,
      error: 'Too Many Requests',
      message: `请求太频繁：每分钟最多 ${ctx.max} 次。请 ${Math.ceil(ctx.ttl / 1000)} 秒后再试。`,
    }),
  });
}
