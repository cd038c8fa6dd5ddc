import type { FastifyInstance } from 'fastify';
import { dashboardSecret, verifyToken } from '../method/access/link.js';
import { refreshView, scopeFor } from '../method/access/scope.js';
import { battleMapData } from '../method/plans/battle-map.js';
import type { Services } from '../services.js';

// GET /api/map?member=<name>&token=<signed link token>: the battle map as JSON for the dashboard.
// Same access rules as the dashboard: the token's holder sees only the members its scope shows
// (a rep themself, a manager their region, an admin everything).

interface Query {
  member?: string;
  token?: string;
  t?: string;
}

export function registerMapRoute(app: FastifyInstance, services: Services): void {
  app.get<{ Querystring: Query }>('/api/map', async (req, reply) => {
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const token = req.query.token ?? req.query.t ?? bearer;
    void reply.header('cache-control', 'no-store');
    const v = verifyToken(dashboardSecret(services), token, services.clock.now().getTime());
    // Same statuses as the dashboard's own API: expired 401, invalid 403.
    if (!v.ok)
      return reply
        .code(v.reason === 'expired' ? 401 : 403)
        .send({ error: v.reason === 'expired' ? '链接已过期，请在聊天里发送 /看板 获取新链接' : '缺少或无效的 token', reason: v.reason });
    // A large view is re-read a page per turn of the event loop (scope.ts), not in one read inside scopeFor.
    await refreshView(services, v.payload);
    const scope = scopeFor(services, v.payload);
    if (!scope)
      return reply
        .code(403)
        .send({ error: '链接对应的成员已不存在，或角色、区域已经变更。请在聊天里发送 /看板 获取新链接', reason: 'invalid' });
    const name = req.query.member ?? scope.viewer.name;
    const target = scope.visible.find((m) => m.name === name);
    if (!target) return reply.code(404).send({ error: `没有成员「${name}」，或不在你的查看范围内` });
    return battleMapData(services, target.id, services.today());
  });
}
