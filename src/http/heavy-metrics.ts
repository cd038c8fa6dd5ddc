import { Gauge, type Registry } from 'prom-client';
import { heavyStats } from '../method/heavy/run.js';
import type { Services } from '../services.js';

// The heavy jobs (src/method/heavy/run.ts) and the process's memory on /metrics, read at scrape
// time so nothing is kept in step. With the event-loop delay that collectDefaultMetrics reports
// (reset at each scrape), this is what `npm run bench -- stall` reads of the server under load.

export function heavyGauges(registry: Registry, services: Services): void {
  const registers = [registry];
  new Gauge({
    name: 'warroom_heavy_jobs_started',
    help: 'Heavy jobs started since the process started, by kind',
    labelNames: ['kind'],
    registers,
    collect() {
      for (const [kind, n] of Object.entries(heavyStats(services).started)) this.set({ kind }, n ?? 0);
    },
  });
  new Gauge({
    name: 'warroom_heavy_jobs_running',
    help: 'Heavy jobs queued or running',
    registers,
    collect() {
      this.set(heavyStats(services).running);
    },
  });
  new Gauge({
    name: 'warroom_heavy_peak_rss_bytes',
    help: "Peak RSS of the process (maxRSS) reported by each kind's last heavy worker when it finished",
    labelNames: ['kind'],
    registers,
    collect() {
      for (const [kind, bytes] of Object.entries(heavyStats(services).peakRssBytes)) this.set({ kind }, bytes ?? 0);
    },
  });
  new Gauge({
    name: 'warroom_process_max_rss_bytes',
    help: 'Peak RSS of the process since it started (getrusage maxRSS)',
    registers,
    collect() {
      this.set(process.resourceUsage().maxRSS * 1024);
    },
  });
}
