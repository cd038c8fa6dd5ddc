import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isLoopback } from '../config.js';

// The console lets whoever reaches it act as any member. It is served to loopback clients only,
// unless CONSOLE_TOKEN is set: then every console request must carry the token, wherever it
// comes from (docs/security.md). loadConfig already refuses a non-loopback HOST without a token;
// this guard is the per-request half, so a proxy or a port forward cannot open it either.

/** The console's page and API; its static assets hold no data and stay public. */
export function isConsolePath(url: string): boolean {
  const path = url.split('?')[0] ?? '';
  return path === '/' || (path.startsWith('/console/') && !path.startsWith('/console/assets/'));
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Header first (the page and `npm run chat`), the query only to open the page: /?token=…. */
function presented(req: FastifyRequest): string | undefined {
  const header = req.headers['x-console-token'];
  if (typeof header === 'string') return header;
  const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (bearer) return bearer;
  const q = (req.query as Record<string, unknown> | undefined)?.token;
  return typeof q === 'string' ? q : undefined;
}

export function registerConsoleGuard(app: FastifyInstance, token: string | undefined): void {
  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    if (!isConsolePath(req.url)) return;
    if (token) {
      const given = presented(req);
      if (given && same(given, token)) return;
      return reply
        .code(401)
        .type('application/json; charset=utf-8')
        .send({ error: '控制台需要访问口令：请打开管理员给你的带 ?token= 的链接，或在请求头 X-Console-Token 中带上 CONSOLE_TOKEN。' });
    }
    if (!isLoopback(req.socket.remoteAddress ?? '')) {
      return reply
        .code(403)
        .type('application/json; charset=utf-8')
        .send({ error: '控制台只对本机开放。请在运行作战室的电脑上打开 http://127.0.0.1 地址，或由管理员设置 CONSOLE_TOKEN。' });
    }
  });
}
