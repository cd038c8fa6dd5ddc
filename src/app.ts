import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { adapterDeps } from './adapters.js';
import { allActions, allCommands } from './commands/index.js';
import { createRouter, type Router } from './commands/router.js';
import { registerMapRoute } from './dashboard/map-route.js';
import { registerDashboard } from './dashboard/routes.js';
import { registerConsoleGuard } from './http/console-guard.js';
import { newRequestId, registerErrorHandling, registerSingleQueryParams } from './http/errors.js';
import { registerHeaders } from './http/headers.js';
import { registerHealth } from './http/health.js';
import { guardRouter } from './http/inbound-guard.js';
import { registerJsonParser } from './http/json-body.js';
import { registerRateLimits, serverTimeouts } from './http/limits.js';
import { createMetrics, type Metrics, registerMetricsRoute } from './http/metrics.js';
import { createConsoleAdapter } from './platforms/console/index.js';
import type { AdapterDeps, PlatformAdapter } from './platforms/types.js';
import type { Services } from './services.js';

export type AdapterFactory = (deps: AdapterDeps) => PlatformAdapter;

export interface BuiltApp {
  app: FastifyInstance;
  router: Router;
  adapters: PlatformAdapter[];
  metrics: Metrics;
}

/**
 * What every route gets, registered before any route so that plugin scopes inherit it
 * (docs/security.md): headers, the one error handler, single query parameters, the console
 * guard, strict JSON bodies and per-IP limits.
 */
async function harden(app: FastifyInstance, services: Services): Promise<void> {
  const { config } = services;
  await registerHeaders(app, { https: config.PUBLIC_BASE_URL?.startsWith('https:') ?? false });
  registerErrorHandling(app);
  registerSingleQueryParams(app);
  registerConsoleGuard(app, config.CONSOLE_TOKEN);
  registerJsonParser(app);
  await registerRateLimits(app, config);
}

/** Builds the HTTP app and the adapters configured in services.config; start-up is main.ts's job. */
export async function buildApp(services: Services, extra: AdapterFactory[] = []): Promise<BuiltApp> {
  const app = Fastify({
    loggerInstance: services.log as FastifyBaseLogger,
    bodyLimit: 1_048_576,
    genReqId: newRequestId,
    ...serverTimeouts(services.config),
  });
  await harden(app, services);
  const metrics = createMetrics(services);
  const router = guardRouter(services, createRouter(services, allCommands(), allActions()), metrics);
  const factories: AdapterFactory[] = [...extra];
  if (services.config.consoleEnabled) factories.unshift(createConsoleAdapter);
  const deps = adapterDeps(services, router.dispatch);
  const adapters = factories.map((f) => f(deps));

  registerHealth(app, services, adapters);
  registerMetricsRoute(app, metrics, services.config.METRICS_TOKEN);
  for (const a of adapters) await a.register(app);
  await registerDashboard(app, services);
  registerMapRoute(app, services);
  return { app, router, adapters, metrics };
}
