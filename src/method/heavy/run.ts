import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Services } from '../../services.js';
import { handBackList } from './handback.js';
import { heapLimits } from './heap-limits.js';
import { HEAVY, type HeavyArgs, type HeavyKind, type HeavyResult } from './kinds.js';

// runHeavy: the one way to run a heavy job (kinds.ts) off the request path. Each job runs in a
// worker thread with its own SQLite connection (src/heavy-worker.ts), one at a time per kind, and
// a job asked for again while it is queued or running is not started twice: the callers share its
// promise (ten /预测 on a region with no calibration start one replay). An in-memory database
// cannot be opened by a second connection, so there (tests, the in-memory demo CLIs) the job runs
// in this thread, after the current request has answered.

export interface HeavyJob<K extends HeavyKind> {
  kind: K;
  args: HeavyArgs<K>;
}

interface HeavyState {
  inflight: Map<string, Promise<unknown>>;
  /** The tail of each kind's queue: a new job of that kind starts after it settles. */
  tails: Map<HeavyKind, Promise<unknown>>;
  /** Jobs actually started, per kind (what the dedupe saves is visible to tests and the bench). */
  started: Map<HeavyKind, number>;
  /** Peak RSS (bytes) of the process while each kind's last worker ran, as the worker reports it. */
  peakRss: Map<HeavyKind, number>;
  /** Numbers the jobs that carry bytes (an upload): each is its own job, never shared. */
  uploads: number;
}

const stateOf = (services: Services) =>
  services.memo.get<HeavyState>('heavy', () => ({
    inflight: new Map(),
    tails: new Map(),
    started: new Map(),
    peakRss: new Map(),
    uploads: 0,
  }));

/** True when jobs run in this thread: an in-memory database has no second connection. */
export function heavyRunsInline(services: Services): boolean {
  return services.db.$client.memory;
}

export function runHeavy<K extends HeavyKind>(services: Services, job: HeavyJob<K>): Promise<HeavyResult<K>> {
  // Asked for by a job body in the worker: the main thread starts it (handback.ts). The body is
  // synchronous, so it only starts heavy work and never awaits this promise.
  const handBack = handBackList(services);
  if (handBack) {
    handBack.push(job);
    return new Promise<never>(() => {});
  }
  const state = stateOf(services);
  const key = `${job.kind}:${JSON.stringify(job.args, binaryKey(state))}`;
  const running = state.inflight.get(key);
  if (running) return running as Promise<HeavyResult<K>>;
  const after = state.tails.get(job.kind) ?? Promise.resolve();
  const p = after.then(() => {
    state.started.set(job.kind, (state.started.get(job.kind) ?? 0) + 1);
    return heavyRunsInline(services) ? inline(services, job) : inWorker(services, job);
  });
  const settled = p.then(
    () => undefined,
    () => undefined,
  );
  state.tails.set(job.kind, settled);
  state.inflight.set(key, p);
  void settled.then(() => {
    if (state.inflight.get(key) === p) state.inflight.delete(key);
    if (state.tails.get(job.kind) === settled) state.tails.delete(job.kind);
  });
  return p;
}

/**
 * Bytes in the arguments (an uploaded file) are not written into the key: a 20 MB file would be
 * 100 MB of JSON. The holder's own value is checked, as a Buffer's toJSON runs before a replacer.
 */
const binaryKey = (state: HeavyState) =>
  function (this: Record<string, unknown>, key: string, v: unknown) {
    return this[key] instanceof Uint8Array ? `#upload${++state.uploads}` : v;
  };

/** Fire and forget: the failure is logged, the caller keeps what it had (a stored result, the defaults). */
export function scheduleHeavy<K extends HeavyKind>(services: Services, job: HeavyJob<K>): void {
  runHeavy(services, job).catch((err: unknown) => services.log.error({ err, kind: job.kind }, 'heavy job failed'));
}

export interface HeavyStats {
  started: Partial<Record<HeavyKind, number>>;
  running: number;
  peakRssBytes: Partial<Record<HeavyKind, number>>;
}

export function heavyStats(services: Services): HeavyStats {
  const s = stateOf(services);
  return { started: Object.fromEntries(s.started), running: s.inflight.size, peakRssBytes: Object.fromEntries(s.peakRss) };
}

/** Resolves when every job asked for so far has settled (tests, shutdown). */
export async function heavyIdle(services: Services): Promise<void> {
  const s = stateOf(services);
  while (s.inflight.size > 0) await Promise.allSettled([...s.inflight.values()]);
}

async function inline<K extends HeavyKind>(services: Services, job: HeavyJob<K>): Promise<HeavyResult<K>> {
  await new Promise((r) => setImmediate(r));
  return (HEAVY[job.kind] as (s: Services, a: HeavyArgs<K>) => HeavyResult<K>)(services, job.args);
}

// Under tsx and vitest this module is TypeScript, so the worker imports its entry through tsx's
// scoped loader (tsImport; a plain --import of tsx does not reach a worker's own entry on Node 20);
// from a build (dist/) it is JavaScript and is started directly.
function workerEntry(): { code: string | URL; eval: boolean } {
  const ts = import.meta.url.endsWith('.ts');
  const url = new URL(`../../heavy-worker.${ts ? 'ts' : 'js'}`, import.meta.url);
  if (!ts) return { code: url, eval: false };
  const tsxRoot = pathToFileURL(createRequire(import.meta.url).resolve('tsx/package.json'));
  const api = new URL('dist/esm/api/index.mjs', tsxRoot).href;
  const entry = JSON.stringify(url.href);
  return { code: `import(${JSON.stringify(api)}).then((m) => m.tsImport(${entry}, ${entry}))`, eval: true };
}

/** Bytes that own their whole ArrayBuffer move to the worker without a copy (the caller's view is emptied). */
function transferable(args: unknown): ArrayBuffer[] {
  if (typeof args !== 'object' || args === null) return [];
  return Object.values(args).flatMap((v) =>
    v instanceof Uint8Array && v.buffer instanceof ArrayBuffer && v.byteOffset === 0 && v.byteLength === v.buffer.byteLength
      ? [v.buffer]
      : [],
  );
}

function inWorker<K extends HeavyKind>(services: Services, job: HeavyJob<K>): Promise<HeavyResult<K>> {
  const entry = workerEntry();
  const worker = new Worker(entry.code, {
    eval: entry.eval,
    workerData: { config: services.config, nowMs: services.clock.now().getTime(), kind: job.kind, args: job.args },
    transferList: transferable(job.args),
    resourceLimits: heapLimits(job.kind),
  });
  return new Promise((resolve, reject) => {
    let answered = false;
    worker.once('message', (msg: { ok: boolean; result?: HeavyResult<K>; error?: string; rssBytes?: number }) => {
      answered = true;
      if (msg.rssBytes) stateOf(services).peakRss.set(job.kind, msg.rssBytes);
      if (msg.ok) resolve(msg.result as HeavyResult<K>);
      else reject(new Error(`heavy job ${job.kind} failed: ${msg.error}`));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`heavy job ${job.kind}: the worker exited with code ${code} before answering`));
    });
  });
}
