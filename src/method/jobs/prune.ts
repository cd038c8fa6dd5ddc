import { localDateOf } from '../../domain/dates.js';
import type { Services } from '../../services.js';
import { commitRun } from '../delivery/outbox.js';
import { HEAVY } from '../heavy/kinds.js';
import { heavyRunsInline, runHeavy } from '../heavy/run.js';
import { type PruneCutoffs, pruneRows } from '../housekeeping/prune.js';
import type { JobOptions, JobResult } from './types.js';

// Daily housekeeping. Inbound dedupe rows only need to outlive the platforms' retry windows
// (Feishu re-pushes for about 7 h; WeCom for less), kept 3 days to cover a long outage. Sent outbox
// rows stay 30 days so `npm run outbox` can answer "did Monday's report go out?". Pending and
// failed rows, and job_runs (the "never twice" record), are never pruned.
// The deletes and the baseline refresh (src/method/housekeeping/prune.ts), then each region's
// forecast calibration (region-backtest.ts, minutes and gigabytes on a 2,000-rep region), run in
// the heavy worker (src/method/heavy/), never on this thread: the run is recorded first, like the
// backup, and its `pending` settles when both are stored. A crash in between leaves the rows to the
// next night (the cut-offs are relative, so nothing is lost) and the baselines a day old. An
// in-memory database has no second connection, so there everything runs here and the summary
// counts the rows. A late run (the start-up catch-up) leaves the calibration to the next night; a
// region with no stored calibration of the quarter gets one from the worker on its first request.

const DAY_MS = 86_400_000;
export const INBOUND_RETENTION_MS = 3 * DAY_MS;
export const SENT_RETENTION_MS = 30 * DAY_MS;

interface PruneRun {
  period: string;
  at: Date;
  late: boolean;
  cutoffs: PruneCutoffs;
}

export function runPrune(services: Services, at: Date, opts: JobOptions = {}): JobResult {
  const now = at.getTime();
  const run: PruneRun = {
    period: localDateOf(at, services.config.TEAM_TIMEZONE),
    at,
    late: opts.late ?? false,
    cutoffs: { inboundBefore: now - INBOUND_RETENTION_MS, sentBefore: now - SENT_RETENTION_MS, leasesBefore: now - DAY_MS },
  };
  return heavyRunsInline(services) ? pruneHere(services, run) : pruneInWorker(services, run);
}

function pruneHere(services: Services, { period, at, late, cutoffs }: PruneRun): JobResult {
  const counts = pruneRows(services, cutoffs);
  const calibrated = late ? null : HEAVY.calibrations(services, { today: period }).calibrated;
  const recorded = commitRun(services, { job: 'prune', period, at, late, messages: [], detail: { ...counts, calibrated } });
  const base = { job: 'prune', period, late, enqueued: [] };
  if (recorded === null)
    return { ...base, status: 'already', summary: `${period} 已清理过（本次又清理了 ${counts.inbound + counts.outbox} 行）` };
  const calibrationText = calibrated === null ? SKIPPED_TEXT : `预测校准 ${calibrated} 个区域`;
  return {
    ...base,
    status: 'done',
    summary: `清理：去重记录 ${counts.inbound} 行，已发送消息 ${counts.outbox} 行，过期租约 ${counts.leases} 行；${calibrationText}`,
  };
}

const SKIPPED_TEXT = '预测校准：补跑时跳过，留到下一次夜间运行';

/** The deletes and baselines, then (unless late) every calibration, in the worker; pending settles when all are stored. */
function pruneInWorker(services: Services, { period, at, late, cutoffs }: PruneRun): JobResult {
  const recorded = commitRun(services, { job: 'prune', period, at, late, messages: [], detail: { inWorker: true } });
  const regions = services.repos.regions.all().length;
  const pending = runHeavy(services, { kind: 'prune', args: cutoffs })
    .then(
      (counts) => services.log.info({ period, ...counts }, 'nightly prune done'),
      (err: unknown) => services.log.error({ err }, 'nightly prune failed; the next night prunes what it left'),
    )
    .then(() => (late ? undefined : calibrateInWorker(services, period)));
  const base = { job: 'prune', period, late, enqueued: [], pending };
  if (recorded === null) return { ...base, status: 'already', summary: `${period} 已清理过（后台又清理一次）` };
  const calibrationText = late ? SKIPPED_TEXT : `预测校准 ${regions} 个区域（后台计算中）`;
  return { ...base, status: 'done', summary: `清理：去重记录、已发送消息、过期租约和基线在后台处理；${calibrationText}` };
}

/** One region's failure is logged in the worker and does not stop the rest. */
function calibrateInWorker(services: Services, today: string): Promise<void> {
  return runHeavy(services, { kind: 'calibrations', args: { today } }).then(
    (r) => services.log.info(r, 'nightly forecast calibration stored'),
    (err: unknown) => services.log.error({ err }, 'nightly forecast calibration failed; the stored ones stay in use'),
  );
}
