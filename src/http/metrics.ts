import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Services } from '../services.js';
import { heavyGauges } from './heavy-metrics.js';

// GET /metrics in Prometheus text format (docs/operations.md "Monitoring"). One registry per app,
// no module-level state. Off unless METRICS_TOKEN is set; then it needs that bearer token.

export interface Metrics {
  registry: Registry;
  /** Verified inbound events handed to the router, by platform. */
  received: Counter<'platform'>;
  /** Events claimed durably in inbound_events (the claim is the ack's promise), by platform. */
  acked: Counter<'platform'>;
  /** Redeliveries the claim dropped, by platform. */
  deduplicated: Counter<'platform'>;
  /** From dispatch to the replies being ready, by kind (message or card_action). */
  commandSeconds: Histogram<'kind'>;
  /** Job runs by job and outcome (done, already, skipped, failed). */
  jobRuns: Counter<'job' | 'status'>;
}

interface Depth {
  n: number;
  oldest: number | null;
}

function depthOf(services: Services, sql: string): Depth {
  return services.db.$client.prepare(sql).get() as Depth;
}

/** Gauges read at scrape time from SQLite: nothing to keep in step. */
function tableGauges(registry: Registry, services: Services): void {
  const age = (oldest: number | null) => (oldest === null ? 0 : Math.max(0, (services.clock.now().getTime() - oldest) / 1000));
  const outbox = () => depthOf(services, "SELECT count(*) AS n, min(created_at) AS oldest FROM outbox WHERE state = 'pending'");
  const inbox = () => depthOf(services, 'SELECT count(*) AS n, min(received_at) AS oldest FROM inbound_events');
  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  gauge('warroom_outbox_pending', 'Messages waiting in the outbox (pending)', () => outbox().n);
  gauge('warroom_outbox_oldest_age_seconds', 'Age of the oldest pending outbox message', () => age(outbox().oldest));
  gauge('warroom_inbox_events', 'Inbound dedupe records kept (inbound_events)', () => inbox().n);
  gauge('warroom_inbox_oldest_age_seconds', 'Age of the oldest inbound dedupe record', () => age(inbox().oldest));
}

export function createMetrics(services: Services): Metrics {
  const registry = new Registry();
  // Includes nodejs_eventloop_lag_seconds and the event-loop delay percentiles (monitorEventLoopDelay);
  // only when /metrics is on, as the monitor keeps sampling for the life of the process.
  if (services.config.METRICS_TOKEN) collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  tableGauges(registry, services);
  heavyGauges(registry, services);
  const registers = [registry];
  return {
    registry,
    received: new Counter({ name: 'warroom_events_received_total', help: 'Verified inbound events', labelNames: ['platform'], registers }),
    acked: new Counter({ name: 'warroom_events_acked_total', help: 'Inbound events claimed durably', labelNames: ['platform'], registers }),
    deduplicated: new Counter({
      name: 'warroom_events_deduplicated_total',
      help: 'Redeliveries dropped by the claim',
      labelNames: ['platform'],
      registers,
    }),
    commandSeconds: new Histogram({
      name: 'warroom_command_duration_seconds',
      help: 'Command and card-action handling time',
      labelNames: ['kind'],
      registers,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    }),
    jobRuns: new Counter({
      name: 'warroom_job_runs_total',
      help: 'Scheduled job runs by outcome',
      labelNames: ['job', 'status'],
      registers,
    }),
  };
}

export function registerMetricsRoute(app: FastifyInstance, metrics: Metrics, token: string | undefined): void {
  if (!token) return;
  const expected = Buffer.from(`Bearer ${token}`);
  app.get('/metrics', async (req, reply) => {
    const given = Buffer.from(req.headers.authorization ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .send({ error: '需要 METRICS_TOKEN：请求头 Authorization: Bearer <METRICS_TOKEN>' });
    }
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}
