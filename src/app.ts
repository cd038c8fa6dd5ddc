import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { adapterDeps } from './adapters.js';
import { allActions, allCommands } from './commands/index.js';
import { createRouter, type Router } from './commands/router.js';
import { registerDashboard } from './dashboard/routes.js';
import { registerMapRoute } from './dashboard/map-route.js';
import { dbState } from './db/client.js';
import { createConsoleAdapter } from './platforms/console/index.js';
import type { AdapterDeps, PlatformAdapter } from './platforms/types.js';
import { redactUrl, type Services } from './services.js';

export type AdapterFactory = (deps: AdapterDeps) => PlatformAdapter;

export interface BuiltApp {
  app: FastifyInstance;
  router: Router;
  adapters: PlatformAdapter[];
}

/** Builds the HTTP app and the adapters configured in services.config; start-up is main.ts's job. */
export async function buildApp(services: Services, extra: AdapterFactory[] = []): Promise<BuiltApp> {
  const app = Fastify({ loggerInstance: services.log as FastifyBaseLogger, bodyLimit: 1_048_576 });
  const router = createRouter(services, allCommands(), allActions());
  const factories: AdapterFactory[] = [...extra];
  if (services.config.consoleEnabled) factories.unshift(createConsoleAdapter);
  const deps = adapterDeps(services, router.dispatch);
  const adapters = factories.map((f) => f(deps));

  app.get('/healthz', async (_req, reply) => {
    const db = dbState(services.db);
    return reply.code(db.ok ? 200 : 503).send({
      status: db.ok ? 'ok' : 'degraded',
      database: db,
      platforms: adapters.map((a) => a.platform),
      time: services.clock.now().toISOString(),
    });
  });
  for (const a of adapters) await a.register(app);
  await registerDashboard(app, services);
  registerMapRoute(app, services);
  app.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
    const status = err.statusCode ?? 500;
    if (status >= 500) req.log.error({ err, url: redactUrl(req.url) }, 'request failed');
    void reply.code(status).send({ error: status >= 500 ? '服务器内部错误' : err.message });
  });
  return { app, router, adapters };
}
