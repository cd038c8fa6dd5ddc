import type { Services } from '../../services.js';
import { commitRun, type RunRecord } from '../delivery/outbox.js';
import type { JobResult } from './types.js';

/**
 * Records a messaging job's run and its outbox rows in one transaction (commitRun). A period that ran
 * before writes nothing and says so; `what` names the messages (周报, 预警, 提醒).
 */
export function messagingRun(services: Services, run: RunRecord, what: string, summary: (enqueued: string[]) => string): JobResult {
  const enqueued = commitRun(services, run);
  const base = { job: run.job, period: run.period, late: run.late };
  if (enqueued === null) return { ...base, status: 'already', enqueued: [], summary: `${run.period} 的${what}已经发过，未重复发送` };
  return { ...base, status: 'done', enqueued, summary: summary(enqueued) };
}
