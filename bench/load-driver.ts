import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// The load generator of `npm run bench -- acks`, in a process of its own so its CPU is not charged
// to either server: autocannon, cycling through pre-signed requests (each event has its own id,
// nonce and signature, so the durable inbox never sees a duplicate). Reads a JSON job file, prints
// autocannon's summary as one JSON line.

interface Job {
  url: string;
  requests: Array<{ body: string; headers: Record<string, string> }>;
  connections: number;
  amount: number;
}

interface Summary {
  requests: { average: number };
  latency: { p50: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
}

const autocannon = createRequire(import.meta.url)('autocannon') as (opts: unknown) => Promise<Summary>;
const job = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Job;
let i = 0;
const result = await autocannon({
  url: job.url,
  connections: job.connections,
  amount: job.amount,
  requests: [
    {
      method: 'POST',
      setupRequest: (req: Record<string, unknown>) => {
        const r = job.requests[i++ % job.requests.length]!;
        return { ...req, body: r.body, headers: r.headers };
      },
    },
  ],
});
const done = result.non2xx === 0 ? job.amount : job.amount - result.non2xx;
console.log(
  JSON.stringify({
    rps: result.requests.average,
    acked: done,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    seconds: result.duration,
  }),
);
