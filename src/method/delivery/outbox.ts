import { retryDecisionOf } from '../../core/errors.js';
import type { PlatformSender } from '../../core/ports.js';
import type { Reply } from '../../core/reply.js';
import type { OutboxRow } from '../../db/repos/outbox.repo.js';
import type { Services } from '../../services.js';
import type { OutMessage } from './types.js';

// The outbox. Jobs write their messages in the same SQLite transaction that records the
// run, so a crash either loses the whole run (and catch-up redoes it) or keeps every message. The
// sender marks a row sent only after the adapter's send resolved; a crash in between re-sends with
// the same key, which the platforms drop as a duplicate (Feishu `uuid`, WeCom duplicate check).

/** After this many attempts a row is failed and left for the operator (`npm run outbox`). */
export const MAX_ATTEMPTS = 8;
const BATCH = 50;
const MAX_BATCHES_PER_POLL = 40;

/**
 * Delay before attempt n+1, also the time a claimed row is held by its sender. 2, 4, 8 … min,
 * capped at 1 h: the first step must outlast one whole send including the client's own retries
 * (Feishu: up to 4 tries of 10 s plus rate-limit waits), so no second sender picks the row up
 * mid-send; 8 attempts span about 3 h, inside WeCom's longest duplicate-check window (4 h).
 */
export function backoffMs(attempt: number): number {
  return Math.min(120_000 * 2 ** Math.max(0, attempt - 1), 3_600_000);
}

function toRow(m: OutMessage, atMs: number) {
  return {
    idempotencyKey: m.key,
    platform: m.platform,
    targetKind: m.target.kind,
    targetId: m.target.id,
    payloadJson: JSON.stringify(m.reply),
    nextAttemptAt: atMs,
  };
}

/** Writes messages outside a job run (a manager's /report post); returns the keys newly written. */
export function enqueue(services: Services, messages: OutMessage[], at: Date): string[] {
  return services.db.transaction(() => messages.filter((m) => services.repos.outbox.insert(toRow(m, at.getTime()))).map((m) => m.key));
}

export interface RunRecord {
  job: string;
  period: string;
  at: Date;
  late: boolean;
  messages: OutMessage[];
  detail?: Record<string, unknown>;
}

/**
 * Records the run and writes its messages in one synchronous transaction. Returns null when the
 * job already ran for this period (then nothing is written), else the keys newly written.
 */
export function commitRun(services: Services, run: RunRecord): string[] | null {
  const at = run.at.getTime();
  const detail = JSON.stringify({ messages: run.messages.length, ...run.detail });
  return services.db.transaction(() => {
    if (!services.repos.jobRuns.record({ job: run.job, periodKey: run.period, at, late: run.late, detail })) return null;
    return run.messages.filter((m) => services.repos.outbox.insert(toRow(m, at))).map((m) => m.key);
  });
}

export interface DeliveryStats {
  sent: number;
  retrying: number;
  failed: number;
}

/** Sends every pending row that is due; safe to run from several instances at once. */
export async function deliverDue(services: Services, adapters: PlatformSender[], now: Date = services.clock.now()): Promise<DeliveryStats> {
  const stats: DeliveryStats = { sent: 0, retrying: 0, failed: 0 };
  const nowMs = now.getTime();
  // Batch after batch while rows are due: one batch per 10 s poll capped delivery at 300 a minute,
  // below Feishu's 1,000 per app (docs/benchmarks.md, fan-out). A claimed row is no longer due, so
  // the loop ends; the cap bounds one poll, and the client paces itself by the platform's limits.
  for (let b = 0; b < MAX_BATCHES_PER_POLL; b++) {
    const rows = services.repos.outbox.due(nowMs, BATCH);
    for (const row of rows) {
      if (!services.repos.outbox.claim(row.id, nowMs, nowMs + backoffMs(row.attempts + 1))) continue;
      const outcome = await attempt(services, adapters, row);
      stats[outcome] += 1;
    }
    if (rows.length < BATCH) break;
  }
  return stats;
}

async function attempt(services: Services, adapters: PlatformSender[], row: OutboxRow): Promise<keyof DeliveryStats> {
  const adapter = adapters.find((a) => a.platform === row.platform && a.send);
  const attempts = row.attempts + 1;
  try {
    if (!adapter?.send) throw new Error(`没有可用的 ${row.platform} 发送通道（该平台未配置或不支持主动发送）`);
    const reply = JSON.parse(row.payloadJson) as Reply;
    await adapter.send({ kind: row.targetKind, id: row.targetId }, reply, row.idempotencyKey);
    services.repos.outbox.markSent(row.id, services.clock.now().getTime());
    return 'sent';
  } catch (err) {
    // The adapter's PlatformError says whether a retry can help (src/core/errors.ts): a chat the bot
    // was removed from is final at once; a rate-limit reset moves the next attempt to that time.
    const decision = retryDecisionOf(err);
    const final = attempts >= MAX_ATTEMPTS || decision.targetGone || !decision.retryable;
    const message = err instanceof Error ? err.message : String(err);
    const retryAt = decision.retryAfterMs !== null ? services.clock.now().getTime() + decision.retryAfterMs : undefined;
    services.repos.outbox.markError(row.id, message, final, retryAt);
    services.log.warn(
      { key: row.idempotencyKey, platform: row.platform, attempts, final, targetGone: decision.targetGone, err: message },
      'outbox send failed',
    );
    return final ? 'failed' : 'retrying';
  }
}
