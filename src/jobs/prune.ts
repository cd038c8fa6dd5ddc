import { localDateOf } from '../domain/dates.js';
import { commitRun } from '../method/delivery/outbox.js';
import { refreshCalibration } from '../method/metrics/region-backtest.js';
import { refreshBaselines } from '../method/targets/baseline.js';
import type { Services } from '../services.js';
import type { Job, JobOptions, JobResult } from './types.js';

// Daily housekeeping. Inbound dedupe rows only need to outlive the platforms' retry windows
// (Feishu re-pushes for about 7 h; WeCom for less), kept 3 days to cover a long outage. Sent outbox
// rows stay 30 days so `npm run outbox` can answer "did Monday's report go out?". Pending and
// failed rows, and job_runs (the "never twice" record), are never pruned.
// It also refreshes each region's forecast calibration (region-backtest.ts), which replays the
// whole history: at night, not on the first /预测 of the day. For a very large region that replay
// holds the process for a minute or more; acks missed then are retried by the platforms and
// deduplicated. A late run (the start-up catch-up) leaves it to the next night: start-up stays
// quick, and a region with no usable stored calibration gets one on its first request anyway.

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
  const calibrated = late ? null : refreshCalibrations(services, period);
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
  return {
    job: 'prune',
    period,
    status: 'done',
    late,
    enqueued: [],
    summary: `清理：去重记录 ${counts.inbound} 行，已发送消息 ${counts.outbox} 行，过期租约 ${counts.leases} 行；${calibrated === null ? '预测校准：补跑时跳过，留到下一次夜间运行' : `预测校准 ${calibrated} 个区域`}`,
  };
}

/** Recomputes every region's calibration; one region's failure is logged and does not stop the rest. */
function refreshCalibrations(services: Services, today: string): number {
  let n = 0;
  for (const region of services.repos.regions.all()) {
    try {
      refreshCalibration(services, region.id, today);
      n += 1;
    } catch (err) {
      services.log.error({ err, regionId: region.id }, 'forecast calibration failed; the stored one stays in use');
    }
  }
  return n;
}

export const pruneJob: Job = {
  name: 'prune',
  period: 'day',
  postsToChats: false,
  schedule: (config) => config.SCHEDULE_PRUNE,
  run: runPrune,
};
