import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { startFakeFeishu } from '../tests/helpers/fake-feishu.js';
import { exited, freePort, serverEnv, until } from './acks.js';
import { child, type Drive, killAll, METRICS_TOKEN, paced, peakOf, scrape, sleep, within } from './stall-probe.js';
import { backlogReader, feishuMessages, importWorkbook, logMessages, prepare, seedOnce } from './stall-setup.js';
import { backtest, type Ctx, calibrationWork, idle, importWork, type Mark, type Work } from './stall-work.js';
import { REPS } from './step3-seed.js';

// npm run bench -- stall [--reps 2000] [--dir /tmp/warroom-stall-2000]
// Feishu ack latency and the server's event-loop stalls while heavy work runs (issue 13 item 6):
// the real server (src/main.ts, file database, Feishu webhook, jobs off) in a child process, signed
// /log events paced at 200/s by autocannon in a third process throughout each phase, and four
// phases: idle, the calibration a rep's /预测 schedules, `npm run backtest` on the same file, a
// 20,000-row upload to the dashboard's import route. Stalls come from the server's /metrics
// (monitorEventLoopDelay, reset at each scrape), RSS from /proc. The region is seeded once into
// --dir and kept. Every child is killed on exit, error, SIGINT or the overall timeout.

const RATE = 200;
const PHASE_MIN_S = 25;
const PHASE_MAX_S = 480;
const OVERALL_MS = 50 * 60_000;
const IMPORT_ROWS = 20_000;
const TARGET_P99_MS = 50;
const TARGET_STALL_MS = 100;

interface Window {
  label: string;
  maxMs: number;
  p99Ms: number;
}

interface Phase {
  name: string;
  load: Drive;
  windows: Window[];
  serverRss: number;
  replies: number;
  backlog: number;
  jobPeak: number | null;
  note: string;
}

function marker(ctx: Ctx, windows: Window[]): Mark {
  return async (label) => {
    const m = await scrape(ctx.base).catch(() => null);
    if (!m) {
      windows.push({ label: `${label} (/metrics did not answer within 60 s)`, maxMs: Number.POSITIVE_INFINITY, p99Ms: Number.NaN });
      return new Map<string, number>();
    }
    const ms = (name: string) => 1000 * (m.get(name) ?? Number.NaN);
    windows.push({ label, maxMs: ms('nodejs_eventloop_lag_max_seconds'), p99Ms: ms('nodejs_eventloop_lag_p99_seconds') });
    return m;
  };
}

async function phase(ctx: Ctx, name: string, work: Work): Promise<Phase> {
  await scrape(ctx.base).catch(() => null); // resets the delay histogram: the first window starts here
  const rss = peakOf(ctx.pid, 'VmRSS');
  const replies0 = ctx.fake.messages().length;
  const windows: Window[] = [];
  const mark = marker(ctx, windows);
  try {
    await work.before?.(ctx);
    const traffic = { prefix: `${name}_${ctx.stamp}`, messages: logMessages(ctx.prep.senders), amount: RATE * PHASE_MAX_S, rate: RATE };
    const stop = paced(ctx.dir, `${ctx.base}/feishu/events`, traffic);
    const t0 = Date.now();
    await sleep(2000);
    const out = await within(name, work.run(ctx, mark), ctx.maxMs).catch((err: Error) => ({
      note: err.message,
      jobPeak: null,
      peakKind: '',
    }));
    await sleep(Math.max(0, PHASE_MIN_S * 1000 - (Date.now() - t0)));
    const load = await stop();
    const last = await mark('end');
    const jobPeak = out.jobPeak ?? last.get(`warroom_heavy_peak_rss_bytes{kind="${out.peakKind}"}`) ?? null;
    const replies = ctx.fake.messages().length - replies0;
    return { name, load, windows, serverRss: rss(), replies, backlog: ctx.backlog.pending(), jobPeak, note: out.note };
  } finally {
    rss();
  }
}

const mb = (b: number | null) => (b ? `${Math.round(b / 1024 / 1024)} MB` : '—');

function lines(p: Phase): string[] {
  const worst = p.windows.reduce((a, w) => (w.maxMs > a.maxMs ? w : a));
  const d = p.load;
  const acked = d.p99 <= TARGET_P99_MS && d.non2xx === 0 && d.errors === 0;
  const worstMs = Number.isFinite(worst.maxMs) ? `${worst.maxMs.toFixed(0)} ms` : 'no figure';
  const stall = worst.maxMs < TARGET_STALL_MS ? 'PASS' : `FAIL (${worstMs}, window "${worst.label}")`;
  return [
    `${p.name}: ${p.note}`,
    `  acks: ${d.total} sent in ${d.seconds} s (${(d.total / d.seconds).toFixed(0)}/s), p50 ${d.p50} ms, p99 ${d.p99} ms, max ${d.max} ms, non-2xx ${d.non2xx}, errors/timeouts ${d.errors}`,
    `  commands: ${p.replies} replies delivered during the phase, ${p.backlog} acked events still queued at its end`,
    ...p.windows.map((w) =>
      Number.isFinite(w.maxMs)
        ? `  event loop, ${w.label}: longest stall ${w.maxMs.toFixed(0)} ms, p99 delay ${w.p99Ms.toFixed(0)} ms`
        : `  event loop, ${w.label}: no figure`,
    ),
    `  server RSS peak ${mb(p.serverRss)}; heavy job peak RSS ${mb(p.jobPeak)}`,
    `  ack p99 <= ${TARGET_P99_MS} ms with every event acked: ${acked ? 'PASS' : 'FAIL'}; longest stall < ${TARGET_STALL_MS} ms: ${stall}`,
  ];
}

/** One /log and its reply: the region's customer index and caches are built before the phase, not in it. */
async function warmUp(ctx: Ctx): Promise<void> {
  const [req] = feishuMessages(`warm_${ctx.stamp}`, logMessages(ctx.prep.senders).slice(0, 1));
  const before = ctx.fake.messages().length;
  const res = await fetch(`${ctx.base}/feishu/events`, {
    method: 'POST',
    headers: req!.headers,
    body: req!.body,
    signal: AbortSignal.timeout(60_000),
  });
  if (!res.ok) throw new Error(`bench stall: the warm-up /log answered ${res.status}`);
  await until('warm-up reply', async () => (ctx.fake.messages().length > before ? true : null), 180_000);
}

function args(): { dir: string; reps: number } {
  const argv = process.argv.slice(3);
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const reps = Number(get('reps') ?? REPS);
  if (!Number.isInteger(reps) || reps < 10 || reps > REPS) throw new Error(`--reps: a whole number from 10 to ${REPS}`);
  return { dir: get('dir') ?? join('/tmp', `warroom-stall-${reps}`), reps };
}

const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/**
 * One phase on a fresh server: the /log load outruns what the server processes on a large region,
 * so a server kept across phases would carry the last phase's queue (and /预测 would wait behind it).
 */
async function onFreshServer(base: Omit<Ctx, 'base' | 'pid' | 'stamp'>, name: string, work: Work): Promise<Phase> {
  prepare(base.dir); // drops the last phase's queue and the stored calibration
  const port = await freePort();
  // The upload's body arrives between event-loop stalls of seconds: the default 20 s request timeout cut it off.
  const env = { METRICS_TOKEN, DASHBOARD_SECRET: base.secret, REQUEST_TIMEOUT_MS: '120000' };
  const server = child(['src/main.ts'], serverEnv(base.prep.path, port, base.fake.url, env));
  const ctx: Ctx = { ...base, base: `http://127.0.0.1:${port}`, pid: server.proc.pid!, stamp: `${name}${Date.now().toString(36)}` };
  try {
    await until('server', async () => ((await fetch(`${ctx.base}/healthz`)).ok ? true : null), 180_000);
    await warmUp(ctx);
    return await phase(ctx, name, work);
  } catch (err) {
    console.error(`bench stall: the server's last output:\n${server.out().slice(-4000)}`);
    throw err;
  } finally {
    server.proc.kill('SIGTERM');
    await within('server stop', exited(server), 30_000).catch(() => server.proc.kill('SIGKILL'));
  }
}

async function run(dir: string, reps: number, say: (...l: string[]) => void): Promise<void> {
  const t0 = Date.now();
  if (seedOnce(dir, reps)) say(`seeded ${join(dir, 'bench.db')} in ${((Date.now() - t0) / 1000).toFixed(0)} s (not timed)`);
  const prep = prepare(dir);
  const xlsx = await importWorkbook(prep.path, prep.regionId, IMPORT_ROWS);
  const fake = await startFakeFeishu();
  const backlog = backlogReader(prep.path);
  const base = { dir, fake, prep, backlog, secret: 'bench-stall-dashboard-secret-0123456789', maxMs: PHASE_MAX_S * 1000 };
  say(`load average before the phases: ${loadavg()} (${cpus().length} cores)`);
  const phases: Array<[string, Work]> = [
    ['idle', idle],
    ['calibration', calibrationWork()],
    ['backtest', backtest],
    ['import', importWork(xlsx, IMPORT_ROWS)],
  ];
  try {
    for (const [name, work] of phases) say(...lines(await onFreshServer(base, name, work)), `  load average: ${loadavg()}`);
  } finally {
    killAll();
    backlog.close();
    await fake.close();
  }
}

export async function benchStall(): Promise<string> {
  const { dir, reps } = args();
  const out = [`## stall: signed Feishu /log at ${RATE}/s (autocannon, own process) while heavy work runs; ${reps} reps x 50 customers`];
  // Printed as it goes (stderr), returned whole at the end.
  const say = (...l: string[]) => {
    out.push(...l);
    console.error(l.join('\n'));
  };
  const timer = setTimeout(() => {
    console.error(`bench stall: overall timeout (${OVERALL_MS / 60_000} min); killing every child`);
    killAll();
    process.exit(1);
  }, OVERALL_MS);
  timer.unref();
  const onSignal = () => {
    killAll();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', killAll);
  try {
    await run(dir, reps, say);
    return out.join('\n');
  } finally {
    clearTimeout(timer);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
