import { localDateOf } from '../domain/dates.js';
import { commitRun } from '../method/delivery/outbox.js';
import { HEAVY } from '../method/heavy/kinds.js';
import { heavyRunsInline, runHeavy } from '../method/heavy/run.js';
import { refreshBaselines } from '../method/targets/baseline.js';
import type { Services } from '../services.js';
import type { Job, JobOptions, JobResult } from './types.js';

// Daily housekeeping. Inbound dedupe rows only need to outlive the platforms' retry windows
// (Feishu re-pushes for about 7 h; WeCom for less), kept 3 days to cover a long outage. Sent outbox
// rows stay 30 days so `npm run outbox` can answer "did Monday's report go out?". Pending and
// failed rows, and job_runs (the "never twice" record), are never pruned.
// It also refreshes each region's forecast calibration (region-backtest.ts), which replays the
// whole history (minutes and gigabytes on a 2,000-rep region): in the heavy worker
// (src/method/heavy/), never on this thread; the run's `pending` settles when it is stored. An
// in-memory database has no second connection, so there it runs here. A late run (the start-up
// catch-up) leaves it to the next night; a region with no stored calibration of the quarter gets
// one from the worker on its first request anyway.

const DAY_MS = 86_400_000;
export const INBOUND_RETENTION_MS = 3 * DAY_MS;
export const SENT_RETENTION_MS = 30 * DAY_MS;

export function runPrune(services: Services, at: Date, opts: JobOptions = {}): JobResult {
  const period = localDateOf(at, services.config.TEAM_TIMEZONE);
  const now = at.getTime();
  const late = opts.late ?? false;
  const counts = services.db.transaction(() => ({
    inbound: services.repos.inbound.pruneBefore(now - INBOUND_RETENTION_MS),
    outbox: services.repos.outbox.pruneSent(now - SENT_RETENTION_MS),
    leases: services.repos.leases.pruneExpired(now - DAY_MS),
    // A new quarter moves every customer's trailing four quarters (docs/numbers.md, "One baseline").
    baselines: refreshBaselines(services),
  }));
  const calibration = late ? null : refreshCalibrations(services, period);
  const calibrated = calibration?.calibrated ?? null;
  const recorded = commitRun(services, { job: 'prune', period, at, late, messages: [], detail: { ...counts, calibrated } });
  if (recorded === null)
    return {
      job: 'prune',
      period,
      status: 'already',
      late,
      enqueued: [],
      summary: `${period} 已清理过（本次又清理了 ${counts.inbound + counts.outbox} 行）`,
    };
  const calibrationText =
    calibration === null
      ? '预测校准：补跑时跳过，留到下一次夜间运行'
      : calibration.pending
        ? `预测校准 ${calibrated} 个区域（后台计算中）`
        : `预测校准 ${calibrated} 个区域`;
  return {
    job: 'prune',
    period,
    status: 'done',
    late,
    enqueued: [],
    summary: `清理：去重记录 ${counts.inbound} 行，已发送消息 ${counts.outbox} 行，过期租约 ${counts.leases} 行；${calibrationText}`,
    pending: calibration?.pending,
  };
}

/**
 * Recomputes every region's calibration in the heavy worker (pending settles when all are stored;
 * one region's failure is logged there and does not stop the rest); inline on an in-memory database.
 */
function refreshCalibrations(services: Services, today: string): { calibrated: number; pending?: Promise<void> } {
  if (heavyRunsInline(services)) return { calibrated: HEAVY.calibrations(services, { today }).calibrated };
  const pending = runHeavy(services, { kind: 'calibrations', args: { today } }).then(
    (r) => services.log.info(r, 'nightly forecast calibration stored'),
    (err: unknown) => services.log.error({ err }, 'nightly forecast calibration failed; the stored ones stay in use'),
  );
  return { calibrated: services.repos.regions.all().length, pending };
}

export const pruneJob: Job = {
  name: 'prune',
  period: 'day',
  postsToChats: false,
  schedule: (config) => config.SCHEDULE_PRUNE,
  run: runPrune,
};
