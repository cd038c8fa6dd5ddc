import type { ActionLogRow } from '../../db/repos/action-logs.repo.js';
import { applyMatches, rematch } from '../../domain/matching.js';
import type { DueItem } from '../../domain/types.js';
import type { Services } from '../../services.js';

// 不合格 (docs/method.md step 2): a rejected log completes nothing. Rather than only reopening the item
// it had completed, the customer+action's items are rematched from scratch, so another valid log
// of the same window (say a second visit that week) can take the item over.

export type RejectOutcome =
  | { kind: 'missing' }
  | { kind: 'already'; log: ActionLogRow }
  | { kind: 'voided'; log: ActionLogRow }
  | { kind: 'rejected'; log: ActionLogRow; freed: DueItem | null; takenOverBy: number | null };

/** Marks the log 不合格 and rematches its customer+action, in one synchronous transaction. */
export function rejectLog(services: Services, logId: number): RejectOutcome {
  const { logs, dueItems } = services.repos;
  return services.db.transaction((): RejectOutcome => {
    const log = logs.byId(logId);
    if (!log) return { kind: 'missing' };
    if (log.status === 'rejected') return { kind: 'already', log };
    if (log.status === 'voided') return { kind: 'voided', log };
    const freed = dueItems.byLog(log.id);
    logs.setStatus(log.id, 'rejected');
    const next = rematchCustomerAction(services, log.customerId, log.actionCode);
    const after = freed ? (next.find((i) => i.id === freed.id) ?? null) : null;
    return { kind: 'rejected', log: { ...log, status: 'rejected' }, freed, takenOverBy: after?.completedByLogId ?? null };
  });
}

/**
 * Recomputes which valid log completes which item of one customer+action, writing only what
 * changed. Used after a log stops counting (不合格, 撤销). Call inside the caller's transaction.
 */
export function rematchCustomerAction(services: Services, customerId: number, actionCode: string): DueItem[] {
  const { dueItems } = services.repos;
  const activity = services.repos.activity;
  const items = dueItems.forCustomerAction(customerId, actionCode);
  const logs = activity.logsForCustomerAction(customerId, actionCode);
  const next = applyMatches(items, rematch(items, logs), logs);
  for (const [i, item] of next.entries()) {
    const before = items[i]!;
    if (item.status === before.status && item.completedByLogId === before.completedByLogId && item.completedLate === before.completedLate)
      continue;
    activity.setCompletion(item.id, item.status === 'done' ? item.completedByLogId : null, item.completedLate ?? false);
  }
  return next;
}
