import { configuredAdapters, resumeInbox } from './adapters.js';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { systemClock } from './core/clock.js';
import { openDb, SERVER_BUSY_TIMEOUT_MS, startupLock } from './db/client.js';
import { seedDemoIfEmpty } from './demo/seed.js';
import { seedReferenceData } from './db/seed-reference.js';
import { startSchedule, type Schedule } from './jobs/schedule.js';
import { createServices } from './services.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const release = startupLock(config.DATABASE_PATH);
  const db = openDb(config.DATABASE_PATH);
  const services = createServices({ config, db, clock: systemClock });
  seedReferenceData(services);
  if (config.localMode || config.WARROOM_DEMO) {
    const seeded = seedDemoIfEmpty(services);
    if (seeded) services.log.info(seeded, 'seeded the 华东区 demo into an empty database');
  }
  release();
  // Serving: a few ms of synchronous busy wait, contended work retried asynchronously.
  db.$client.pragma(`busy_timeout = ${SERVER_BUSY_TIMEOUT_MS}`);
  const { app, adapters } = await buildApp(services, configuredAdapters(config));
  for (const a of adapters) await a.start?.();
  let schedule: Schedule | null = null;
  const shutdown = async () => {
    await schedule?.stop();
    for (const a of adapters) await a.stop?.();
    await app.close();
    db.$client.close();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  await app.listen({ port: config.PORT, host: config.HOST });
  resumeInbox(services, adapters);
  // After listen, so a catch-up run's messages reach adapters that are up (docs/operations.md "Scheduled work").
  if (config.JOBS_ENABLED) schedule = await startSchedule(services, adapters);
  if (config.consoleEnabled) services.log.info(`chat console: http://${config.HOST}:${config.PORT}/`);
}

void main();
