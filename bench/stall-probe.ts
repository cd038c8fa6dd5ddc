import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FEISHU_TEST_ENV } from '../tests/helpers/fake-feishu.js';
import { type Child, exited, start } from './acks.js';

// What the stall bench reads while a phase runs: the server's /metrics (the event-loop delay is
// reset at each scrape), a process's RSS from /proc, and the paced load driver (autocannon in its
// own process). Every child is tracked so that one call kills them all, and every wait is bounded.

export const METRICS_TOKEN = 'bench-stall-metrics-token-0123456789';
/** Enough that 200/s holds while acks take up to half a second. */
const CONNECTIONS = 100;

const children = new Set<Child>();

/** Starts a tsx child that killAll() will kill. */
export function child(args: string[], env: Record<string, string> = {}): Child {
  const c = start(args, env);
  children.add(c);
  c.proc.once('exit', () => children.delete(c));
  return c;
}

export function killAll(): void {
  for (const c of children) c.proc.kill('SIGKILL');
  children.clear();
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** p, or an error naming `what` after ms. */
export async function within<T>(what: string, p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`bench stall: ${what} did not finish within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Every sample of /metrics by its name with labels, e.g. `warroom_heavy_peak_rss_bytes{kind="calibration"}`. */
export async function scrape(base: string): Promise<Map<string, number>> {
  const res = await fetch(`${base}/metrics`, {
    headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    signal: AbortSignal.timeout(30_000),
  });
  if (!res.ok) throw new Error(`bench stall: /metrics answered ${res.status}`);
  const out = new Map<string, number>();
  for (const line of (await res.text()).split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

/** A field of /proc/<pid>/status in bytes (VmRSS now, VmHWM the peak so far), or 0 once the process is gone. */
export function procBytes(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The highest value of a /proc field, sampled every 200 ms until stop(). */
export function peakOf(pid: number, field: 'VmRSS' | 'VmHWM'): () => number {
  let peak = procBytes(pid, field);
  const timer = setInterval(() => {
    peak = Math.max(peak, procBytes(pid, field));
  }, 200);
  return () => {
    clearInterval(timer);
    return Math.max(peak, procBytes(pid, field));
  };
}

export interface Drive {
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  seconds: number;
  total: number;
}

/** Starts bench/load-driver.ts sending up to `amount` Feishu messages at `rate`/s; stop() ends it early and returns autocannon's summary. */
export function paced(
  dir: string,
  url: string,
  load: { prefix: string; messages: Array<{ openId: string; text: string }>; amount: number; rate: number },
): () => Promise<Drive> {
  const file = join(dir, `load-${load.prefix}.json`);
  const feishu = {
    prefix: load.prefix,
    encryptKey: FEISHU_TEST_ENV.FEISHU_ENCRYPT_KEY,
    token: FEISHU_TEST_ENV.FEISHU_VERIFICATION_TOKEN,
    messages: load.messages,
  };
  writeFileSync(file, JSON.stringify({ url, requests: [], feishu, connections: CONNECTIONS, amount: load.amount, overallRate: load.rate }));
  const c = child(['bench/load-driver.ts', file]);
  return async () => {
    c.proc.kill('SIGTERM');
    const code = await within(`load driver ${load.prefix}`, exited(c), 60_000);
    rmSync(file, { force: true });
    if (code !== 0) throw new Error(`bench stall: load driver failed: ${c.out()}`);
    return JSON.parse(c.out().trim().split('\n').at(-1)!) as Drive;
  };
}
