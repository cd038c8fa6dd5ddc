import { configuredAdapters, resumeInbox } from './adapters.js';
import { buildApp } from './app.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { systemClock } from './core/clock.js';
import { claimDatabase } from './db/backup.js';
import { SERVER_BUSY_TIMEOUT_MS, startupLock } from './db/client.js';
import { DatabaseStartupError, explainDatabaseFailure, openDatabaseForServer } from './db/open-errors.js';
import { seedDemoIfEmpty } from './demo/seed.js';
import { type Schedule, startSchedule } from './jobs/schedule.js';
import { seedReferenceData } from './method/reference/seed-reference.js';
import { createServices, type Services } from './services.js';

function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}

/** One line naming DATABASE_PATH, the path and the fix; the stack only with LOG_LEVEL=debug (docs/operations.md). */
function databaseOrExit(config: Config): Services {
  let unlock = () => {};
  try {
    // Migrations and the demo seed under one exclusive lock: two instances starting together both come up.
    unlock = startupLock(config.DATABASE_PATH);
    const services = createServices({ config, db: openDatabaseForServer(config.DATABASE_PATH), clock: systemClock });
    seedReferenceData(services);
    if (config.localMode || config.WARROOM_DEMO) {
      const seeded = seedDemoIfEmpty(services);
      if (seeded) services.log.info(seeded, 'seeded the 华东区 demo into an empty database');
    }
    // Serving: a few ms of synchronous busy wait, contended work retried asynchronously.
    services.db.$client.pragma(`busy_timeout = ${SERVER_BUSY_TIMEOUT_MS}`);
    return services;
  } catch (err) {
    const line = err instanceof DatabaseStartupError ? err.message : explainDatabaseFailure(config.DATABASE_PATH, err);
    console.error(line);
    if (config.LOG_LEVEL === 'debug' || config.LOG_LEVEL === 'trace') console.error(err instanceof DatabaseStartupError ? err.cause : err);
    process.exit(1);
  } finally {
    unlock();
  }
}

async function main(): Promise<void> {
  const config = configOrExit();
  const services = databaseOrExit(config);
  const { db } = services;
  const release = config.DATABASE_PATH === ':memory:' ? () => {} : claimDatabase(config.DATABASE_PATH);
  const { app, adapters, metrics } = await buildApp(services, configuredAdapters(config));
  for (const a of adapters) await a.start?.();
  let schedule: Schedule | null = null;
  const shutdown = async () => {
    await schedule?.stop();
    for (const a of adapters) await a.stop?.();
    await app.close();
    db.$client.close();
    release();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  await app.listen({ port: config.PORT, host: config.HOST });
  resumeInbox(services, adapters);
  // After listen, so a catch-up run's messages reach adapters that are up (docs/operations.md "Scheduled work").
  if (config.JOBS_ENABLED)
    schedule = await startSchedule(services, adapters, { jobEnded: (job, status) => metrics.jobRuns.inc({ job, status }) });
  if (config.consoleEnabled) services.log.info(`chat console: http://${config.HOST}:${config.PORT}/`);
}

void main();
