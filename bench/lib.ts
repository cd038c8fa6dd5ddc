import { performance } from 'node:perf_hooks';

// A small closed-loop load generator for loopback benchmarks: bounded in count, so it always stops.

export interface LoadResult {
  n: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

export async function load(opts: {
  url: string;
  n: number;
  concurrency: number;
  request: (i: number) => { body: string; headers?: Record<string, string> };
}): Promise<LoadResult> {
  const lat: number[] = [];
  let next = 0;
  let errors = 0;
  const start = performance.now();
  async function worker(): Promise<void> {
    while (next < opts.n) {
      const i = next++;
      const { body, headers } = opts.request(i);
      const t0 = performance.now();
      const res = await fetch(opts.url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
      await res.arrayBuffer();
      lat.push(performance.now() - t0);
      if (res.status >= 400) errors++;
    }
  }
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  const seconds = (performance.now() - start) / 1000;
  lat.sort((a, b) => a - b);
  const pct = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? 0;
  return { n: opts.n, seconds, rps: opts.n / seconds, p50: pct(0.5), p99: pct(0.99), errors };
}

export function fmt(name: string, r: LoadResult): string {
  return `${name.padEnd(34)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  errors ${r.errors}`;
}

export function memoryMb(): number {
  return process.memoryUsage().rss / 1024 / 1024;
}
