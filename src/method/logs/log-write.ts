import { logConfirmationCard } from '../../../cards/log.js';
import type { Reply } from '../../core/reply.js';
import type { Customer } from '../../db/repos/customers.repo.js';
import type { Member } from '../../db/repos/members.repo.js';
import { addDays, daysBetween, type LocalDate, weekStart } from '../../domain/dates.js';
import { isLate, matchLog } from '../../domain/matching.js';
import type { ActionDef } from '../../domain/packs.js';
import type { DueItem } from '../../domain/types.js';
import type { Services } from '../../services.js';

export interface LogRequest {
  by: Member;
  customer: Customer;
  action: ActionDef;
  date: LocalDate;
  note: string | null;
  platform: string;
  /** The chat message (or click) that asked for it: one log per source, whatever is retried. */
  sourceId: string;
  /** The due item a one-tap 「✓」 button completes (it still has to be open). */
  itemId?: number;
  /** When it was recorded (epoch ms); the clock's now unless the record is older (the demo's history). */
  recordedAt?: number;
  /** Runs in the log's transaction when a new log was written (a one-tap 「✓」 awaits its note). */
  onWritten?: (logId: number) => void;
}

export interface LogOutcome {
  logId: number;
  duplicate: boolean;
  completed: DueItem | null;
  inPack: boolean;
}

/** Writes the log and completes the due item it matches, in one synchronous transaction. */
export function writeLog(services: Services, req: LogRequest): LogOutcome {
  const { logs, dueItems } = services.repos;
  return services.db.transaction(() => {
    const existing = logs.bySource(req.platform, req.sourceId);
    if (existing)
      return {
        logId: existing.id,
        duplicate: true,
        completed: dueItems.byLog(existing.id),
        inPack: req.action.stage === req.customer.stage,
      };
    const logId = logs.insert({
      memberId: req.customer.ownerId,
      loggedById: req.by.id,
      customerId: req.customer.id,
      actionCode: req.action.code,
      occurredOn: req.date,
      note: req.note,
      sourcePlatform: req.platform,
      sourceMessageId: req.sourceId,
      createdAt: req.recordedAt ?? services.clock.now().getTime(),
    })!;
    req.onWritten?.(logId);
    const inPack = req.action.stage === req.customer.stage;
    let completed: DueItem | null = null;
    // Not only the current pack: an item of the old pack that was already due when the stage
    // changed stays open (history is immutable) and a late log may still close it.
    if (req.action.stage !== null) {
      const items = dueItems.forCustomerAction(req.customer.id, req.action.code);
      const log = {
        id: logId,
        memberId: req.customer.ownerId,
        customerId: req.customer.id,
        actionCode: req.action.code,
        occurredOn: req.date,
        status: 'valid' as const,
      };
      // A one-tap 「✓」 names its item: that one, while it is open; else the usual matching.
      const named = req.itemId !== undefined ? items.find((i) => i.id === req.itemId && i.status === 'open') : undefined;
      const hit = named ?? matchLog(log, items);
      const late = hit !== null && isLate(hit, req.date);
      if (hit && dueItems.complete(hit.id, logId, late))
        completed = { ...hit, status: 'done', completedByLogId: logId, completedLate: late };
    }
    return { logId, duplicate: false, completed, inPack };
  });
}

export function weekProgress(services: Services, memberId: number, day: LocalDate): { done: number; due: number } {
  const from = weekStart(day);
  const items = services.repos.dueItems.forMemberBetween(memberId, from, addDays(from, 6)).filter((i) => i.status !== 'cancelled');
  return { done: items.filter((i) => i.status === 'done').length, due: items.length };
}

export function logConfirmation(services: Services, req: LogRequest, out: LogOutcome, noteByReplyMinutes?: number): Reply {
  const owner = req.customer.ownerId === req.by.id ? null : services.repos.members.byId(req.customer.ownerId);
  return logConfirmationCard({
    logId: out.logId,
    action: req.action.name,
    customer: req.customer.name,
    stage: req.customer.stage,
    date: req.date,
    note: req.note,
    loggedFor: owner?.name ?? null,
    inPack: out.inPack,
    duplicate: out.duplicate,
    completed: out.completed
      ? {
          period: out.completed.period,
          dueDate: out.completed.dueDate,
          lateDays: out.completed.completedLate ? daysBetween(out.completed.dueDate, req.date) : null,
        }
      : null,
    week: weekProgress(services, req.customer.ownerId, services.today()),
    noteByReplyMinutes,
  });
}
