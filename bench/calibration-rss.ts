import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { loadConfig } from '../src/config.js';
import { fixedClock } from '../src/core/clock.js';
import { openDb } from '../src/db/client.js';
import { heavyStats, runHeavy } from '../src/method/heavy/run.js';
import { createServices } from '../src/services.js';
import { seedStep3, TODAY } from './step3-seed.js';

// Peak RSS of the forecast calibration of the step-3 region (2,000 reps, 100,000 customers), run as
// the server runs it: runHeavy in the heavy worker thread. The seeding runs in its own process
// first, so the figure is the calibrating process alone (its main thread idle, the worker working).
// The worker's old generation is capped for this kind (src/method/heavy/heap-limits.ts).
//   npx tsx bench/calibration-rss.ts [dir]      seeds <dir>/bench.db once (kept), then calibrates

const dir = process.argv[2] ?? join('/tmp', 'warroom-calibration-rss');
const path = join(dir, 'bench.db');

async function calibrate(): Promise<void> {
  const config = loadConfig({ DATABASE_PATH: path, LOG_LEVEL: 'silent' });
  const services = createServices({
    config,
    db: openDb(path),
    clock: fixedClock(`${TODAY}T02:00:00.000Z`),
    log: pino({ level: 'silent' }),
  });
  const regionId = (services.db.$client.prepare(`SELECT id FROM regions WHERE name = '压测区'`).get() as { id: number }).id;
  let peak = 0;
  const poll = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  const started = Date.now();
  const cpu = process.cpuUsage();
  const r = await runHeavy(services, { kind: 'calibration', args: { regionId, today: TODAY } });
  clearInterval(poll);
  const mb = (b: number) => `${Math.round(b / 1024 / 1024)} MB`;
  const workerPeak = heavyStats(services).peakRssBytes.calibration ?? 0;
  // CPU time (every thread of the process) beside the wall time: on the shared 2-core machine the wall time says more about the load.
  const used = process.cpuUsage(cpu);
  const cpuS = ((used.user + used.system) / 1e6).toFixed(1);
  console.log(
    `calibration of 压测区: ${r.quarters} quarters, MAPE ${r.mape}, ${((Date.now() - started) / 1000).toFixed(1)} s (${cpuS} s CPU)`,
  );
  console.log(
    `peak RSS of the process (worker + idle main thread): ${mb(Math.max(peak, workerPeak))} (sampled ${mb(peak)}, maxRSS ${mb(workerPeak)})`,
  );
  services.db.$client.close();
}

if (process.argv[3] === '--calibrate') await calibrate();
else {
  mkdirSync(dir, { recursive: true });
  if (!existsSync(path)) {
    const seeded = seedStep3(dir);
    console.log(`seeded ${path}:`, seeded.counts);
    seeded.services.db.$client.close();
  }
  execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), dir, '--calibrate'], { stdio: 'inherit' });
}
