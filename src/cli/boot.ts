import { type Config, ConfigError, loadConfigWith } from '../config.js';
import { type Clock, fixedClock, systemClock } from '../core/clock.js';
import { openDb } from '../db/client.js';
import { seedReferenceData } from '../method/reference/seed-reference.js';
import { createServices, type Services } from '../services.js';

/** Shared start-up for the command-line tools: config, database with migrations, reference data. */
export function bootServices(opts: { at?: string; overrides?: Record<string, string> } = {}): Services {
  let config: Config;
  try {
    config = loadConfigWith({ LOG_LEVEL: 'warn' }, opts.overrides);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const clock: Clock = opts.at ? fixedClock(opts.at) : systemClock;
  const services = createServices({ config, db: openDb(config.DATABASE_PATH), clock });
  seedReferenceData(services);
  return services;
}

/** `--name value` from argv. */
export function flag(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}
