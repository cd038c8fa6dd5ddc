import { accessSync, constants } from 'node:fs';
import { dirname } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { codeSchemaVersion, fileSchemaVersion } from '../db/backup.js';
import { dbState } from '../db/client.js';
import type { PlatformAdapter } from '../platforms/types.js';
import type { Services } from '../services.js';

// /healthz: liveness, the process answers (a load balancer restarts it when this fails).
// /readyz: readiness, it can do its work: the database is writable with every migration of this
// build applied, and each platform's long connection (where one is used) is up.

interface Check {
  ok: boolean;
  detail?: string;
}

function writable(services: Services): Check {
  const sqlite = services.db.$client;
  if (sqlite.readonly) return { ok: false, detail: 'opened read-only' };
  if (sqlite.memory) return { ok: true };
  try {
    // No write on every probe: the file and its folder (which holds -wal and -shm) must be writable.
    accessSync(sqlite.name, constants.W_OK);
    accessSync(dirname(sqlite.name), constants.W_OK);
    return { ok: true };
  } catch (err) {
    return { ok: false, detail: (err as NodeJS.ErrnoException).code ?? 'not writable' };
  }
}

function migrations(services: Services): Check {
  const have = fileSchemaVersion(services.db.$client);
  const want = codeSchemaVersion();
  if (!have) return { ok: false, detail: 'no migrations table' };
  return have.migrations >= want.migrations ? { ok: true } : { ok: false, detail: `${have.migrations}/${want.migrations} applied` };
}

export function registerHealth(app: FastifyInstance, services: Services, adapters: PlatformAdapter[]): void {
  app.get('/healthz', async () => ({
    status: 'ok',
    database: dbState(services.db),
    platforms: adapters.map((a) => a.platform),
    time: services.clock.now().toISOString(),
  }));
  app.get('/readyz', async (_req, reply) => {
    const checks: Record<string, Check> = { database: writable(services), migrations: migrations(services) };
    for (const a of adapters) if (a.connected) checks[`platform:${a.platform}`] = { ok: a.connected() };
    const ok = Object.values(checks).every((c) => c.ok);
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not ready', checks });
  });
}
