import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from './config.js';
import { openDb } from './db/client.js';
import { HEAVY, type HeavyKind } from './method/heavy/kinds.js';
import { createServices } from './services.js';

// The heavy worker's entry (src/method/heavy/run.ts starts it): one job on its own connection to
// the same SQLite file. A long busy wait is fine here: it blocks this thread, never the server's
// event loop. Its clock starts at the requester's "now" and runs on from there.

interface Job {
  config: Config;
  nowMs: number;
  kind: HeavyKind;
  args: unknown;
}

/**
 * How long a job waits for the write lock (an import, the prune): long, as it blocks only this
 * thread. The other direction is what needs the job's write to be short: while it holds the lock the
 * server's writers retry for ~1.5 s (the inbox) to ~6 s (commands); a 20,000-row import holds it
 * about 0.6 s (docs/benchmarks.md).
 */
const WORKER_BUSY_TIMEOUT_MS = 60_000;

async function run(job: Job): Promise<unknown> {
  const db = openDb(job.config.DATABASE_PATH, { busyTimeoutMs: WORKER_BUSY_TIMEOUT_MS });
  const started = Date.now();
  const clock = { now: () => new Date(job.nowMs + (Date.now() - started)) };
  try {
    const services = createServices({ config: job.config, db, clock });
    return await (HEAVY[job.kind] as (s: typeof services, a: unknown) => unknown)(services, job.args);
  } finally {
    db.$client.close();
  }
}

try {
  const result = await run(workerData as Job);
  parentPort?.postMessage({ ok: true, result, rssBytes: process.resourceUsage().maxRSS * 1024 });
} catch (err) {
  parentPort?.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) });
}
