import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { fixedClock } from '../../src/core/clock.js';
import { openDb } from '../../src/db/client.js';
import { seedDemo } from '../../src/demo/seed.js';
import { heavyIdle } from '../../src/method/heavy/run.js';
import { seedReferenceData } from '../../src/method/reference/seed-reference.js';
import { createServices, type Services } from '../../src/services.js';
import { FIXED_NOW } from './test-app.js';

/**
 * Services on a database file in a temp dir, as in production (a second connection, the heavy worker),
 * with the reference data and, unless `demo: false`, the demo. Call at a test file's top level: it
 * registers the afterEach that waits for heavy jobs (they hold the file open), closes and deletes.
 */
export function fileServicesFor(prefix: string, opts: { demo?: boolean; cleanupTimeoutMs?: number } = {}): () => Services {
  const dirs: string[] = [];
  const opened: Services[] = [];
  afterEach(async () => {
    for (const s of opened.splice(0)) {
      await heavyIdle(s);
      s.db.$client.close();
    }
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  }, opts.cleanupTimeoutMs ?? 60_000);
  return () => {
    const dir = mkdtempSync(join(tmpdir(), `warroom-${prefix}-`));
    dirs.push(dir);
    const path = join(dir, 'warroom.db');
    const config = loadConfig({ DATABASE_PATH: path, LOG_LEVEL: 'silent' });
    const services = createServices({ config, db: openDb(path), clock: fixedClock(FIXED_NOW), log: pino({ level: 'silent' }) });
    opened.push(services);
    seedReferenceData(services);
    if (opts.demo !== false) seedDemo(services);
    return services;
  };
}
