import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import pino from 'pino';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { systemClock } from '../src/core/clock.js';
import { openDb } from '../src/db/client.js';
import { seedDemo } from '../src/demo/seed.js';
import { seedReferenceData } from '../src/method/reference/seed-reference.js';
import { createServices } from '../src/services.js';
import { fmt, load } from './lib.js';

/** /log through POST /console/messages on a real SQLite file, against a bare Fastify route, same run. */
export async function benchConsole(n = 2000, concurrency = 8): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'warroom-bench-'));
  const config = loadConfig({ DATABASE_PATH: join(dir, 'bench.db'), LOG_LEVEL: 'silent' });
  const services = createServices({ config, db: openDb(config.DATABASE_PATH), clock: systemClock, log: pino({ level: 'silent' }) });
  seedReferenceData(services);
  seedDemo(services);
  const { app } = await buildApp(services);
  const bare = Fastify();
  bare.post('/bare', async () => ({ replies: [] }));
  const appUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });
  try {
    const customers = ['华东重工', '苏南重型装备', '浙江精工制造'];
    const body = (i: number) => ({
      body: JSON.stringify({ as: '小李', text: `/log 现场回访 ${customers[i % 3]} 今天 第${i}次`, id: `bench-${i}` }),
    });
    await load({ url: `${bareUrl}/bare`, n: 200, concurrency, request: body }); // warm-up
    const b = await load({ url: `${bareUrl}/bare`, n, concurrency, request: body });
    const c = await load({ url: `${appUrl}/console/messages`, n, concurrency, request: body });
    return [
      `## /log through /console/messages (${n} requests, concurrency ${concurrency}, SQLite file in WAL mode)`,
      fmt('bare Fastify route', b),
      fmt('/log via /console/messages', c),
      `ratio (bare rps / console rps): ${(b.rps / c.rps).toFixed(1)}x; p99 ratio ${(c.p99 / b.p99).toFixed(1)}x`,
    ].join('\n');
  } finally {
    await app.close();
    await bare.close();
    services.db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
