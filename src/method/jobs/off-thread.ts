import type { Services } from '../../services.js';
import type { HeavyKind } from '../heavy/kinds.js';
import { type HeavyJob, heavyRunsInline, runHeavy, scheduleHeavy } from '../heavy/run.js';
import { JOB_BODIES, type JobBodyName } from './bodies.js';
import type { JobOptions, JobResult } from './types.js';

// How the scheduler runs a job's body (bodies.ts): on a database file, in the heavy worker, so the
// report and the warnings of a hundred regions (9-24 s of computing in the fan-out bench) never hold the
// event loop that acks webhooks; the worker commits the run and its outbox rows, and the outbox pump
// of this process delivers them. An in-memory database has no second connection: there, as before,
// the body runs here.

export async function runJobBody(services: Services, name: JobBodyName, at: Date, opts: JobOptions = {}): Promise<JobResult> {
  if (heavyRunsInline(services)) return JOB_BODIES[name](services, at, opts);
  const args = { name, atMs: at.getTime(), late: opts.late ?? false };
  const { result, handedBack } = await runHeavy(services, { kind: 'job', args });
  // What the body asked for in the worker (a region's calibration) starts here, in this process's queue.
  for (const job of handedBack) scheduleHeavy(services, job as HeavyJob<HeavyKind>);
  return result;
}
