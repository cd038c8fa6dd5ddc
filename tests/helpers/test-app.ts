import pino from 'pino';
import { buildApp, type AdapterFactory } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { fixedClock } from '../../src/core/clock.js';
import { openDb } from '../../src/db/client.js';
import { seedReferenceData } from '../../src/method/reference/seed-reference.js';
import { createServices, type Services } from '../../src/services.js';

/** Thursday 2026-11-26 10:00 in Asia/Shanghai. */
export const FIXED_NOW = '2026-11-26T02:00:00.000Z';

export function testServices(env: Record<string, string> = {}, now: string = FIXED_NOW) {
  const config = loadConfig({ DATABASE_PATH: ':memory:', LOG_LEVEL: 'silent', ...env });
  const db = openDb(':memory:');
  const clock = fixedClock(now);
  const services = createServices({ config, db, clock, log: pino({ level: 'silent' }) });
  seedReferenceData(services);
  return { services, clock };
}

/** The real app on an in-memory database with the real migrations and a fixed clock. */
export async function buildTestApp(opts: { env?: Record<string, string>; now?: string; adapters?: AdapterFactory[]; seed?: (s: Services) => void } = {}) {
  const { services, clock } = testServices(opts.env, opts.now);
  opts.seed?.(services);
  const built = await buildApp(services, opts.adapters);
  return { ...built, services, clock };
}
