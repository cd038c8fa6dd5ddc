import pino from 'pino';
import { onTestFinished } from 'vitest';
import { type AdapterFactory, buildApp } from '../../src/app.js';
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

export interface TestAppOptions {
  env?: Record<string, string>;
  now?: string;
  adapters?: AdapterFactory[];
  seed?: (s: Services) => void;
  /** For an app shared by a suite (built in beforeAll): the suite closes it itself. */
  keepOpen?: boolean;
}

/**
 * The real app on an in-memory database with the real migrations and a fixed clock. Built inside a test,
 * it is closed when that test finishes (vitest's onTestFinished), whatever the test's outcome.
 */
export async function buildTestApp(opts: TestAppOptions = {}) {
  const { services, clock } = testServices(opts.env, opts.now);
  opts.seed?.(services);
  const built = await buildApp(services, opts.adapters);
  if (!opts.keepOpen) onTestFinished(() => built.app.close());
  return { ...built, services, clock };
}
