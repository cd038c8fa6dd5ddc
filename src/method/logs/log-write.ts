import { card, type Reply } from '../../core/reply.js';
import { addDays, daysBetween, weekStart, type LocalDate } from '../../domain/dates.js';
import { isLate, matchLog } from '../../domain/matching.js';
import type { ActionDef } from '../../domain/packs.js';
import { STAGE_LABELS } from '../../domain/stages.js';
import type { DueItem } from '../../domain/types.js';
import type { Customer } from '../../db/repos/customers.repo.js';
import type { Member } from '../../db/repos/members.repo.js';
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
  /** When it was recorded (epoch ms); the clock's now unless the record is older (the demo's history). */
  recordedAt?: number;
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
    if (existing) return { logId: existing.id, duplicate: true, completed: dueItems.byLog(existing.id), inPack: req.action.stage === req.customer.stage };
    const logId = logs.insert({
      memberId: req.customer.ownerId, loggedById: req.by.id, customerId: req.customer.id,
      actionCode: req.action.code, occurredOn: req.date, note: req.note,
      sourcePlatform: req.platform, sourceMessageId: req.sourceId,
      createdAt: req.recordedAt ?? services.clock.now().getTime(),
    })!;
    const inPack = req.action.stage === req.customer.stage;
    let completed: DueItem | null = null;
    // Not only the current pack: an item of the old pack that was already due when the stage
    // changed stays open (history is immutable) and a late log may still close it.
    if (req.action.stage !== null) {
      const items = dueItems.forCustomerAction(req.customer.id, req.action.code);
      const log = { id: logId, memberId: req.customer.ownerId, customerId: req.customer.id, actionCode: req.action.code, occurredOn: req.date, status: 'valid' as const };
      const hit = matchLog(log, items);
      const late = hit !== null && isLate(hit, req.date);
      if (hit && dueItems.complete(hit.id, logId, late)) completed = { ...hit, status: 'done', completedByLogId: logId, completedLate: late };
    }
    return { logId, duplicate: false, completed, inPack };
  });
}

export function weekProgress(services: Services, memberId: number, day: LocalDate): { done: number; due: number } {
  const from = weekStart(day);
  const items = services.repos.dueItems.forMemberBetween(memberId, from, addDays(from, 6)).filter((i) => i.status !== 'cancelled');
  return { done: items.filter((i) => i.status === 'done').length, due: items.length };
}

export function logConfirmation(services: Services, req: LogRequest, out: LogOutcome): Reply {
  const progress = weekProgress(services, req.customer.ownerId, services.today());
  const owner = req.customer.ownerId === req.by.id ? null : services.repos.members.byId(req.customer.ownerId);
  const completedText = out.completed ? completedItemText(out.completed, req)
    : out.inPack ? '本期该动作已完成或没有待办，已记录，不重复计数' : '—';
  const lines = out.inPack || out.completed ? [] : [`「${req.action.name}」不在${STAGE_LABELS[req.customer.stage]}客户「${req.customer.name}」的动作包内：已记录并会在周报中体现，但不计入完成率。`];
  if (out.duplicate) lines.unshift('这条消息之前已经记录过，没有重复记录。');
  return card({
    title: `已记录：${req.action.name} · ${req.customer.name}`,
    colour: out.inPack ? 'green' : 'orange',
    lines,
    fields: [
      { label: '动作', value: req.action.name },
      { label: '客户', value: `${req.customer.name}（${STAGE_LABELS[req.customer.stage]}）` },
      { label: '日期', value: req.date },
      ...(owner ? [{ label: '代记录', value: `为 ${owner.name} 记录` }] : []),
      ...(req.note ? [{ label: '备注', value: req.note }] : []),
      { label: '完成待办', value: completedText },
      { label: '本周进度', value: `本周 ${progress.done}/${progress.due}` },
    ],
    // 不合格 is for the region's managers: in a group everyone sees the card, so the handler refuses reps.
    buttons: [
      { label: '撤销', action: 'log.undo', value: { logId: String(out.logId) }, style: 'danger' },
      { label: '不合格（主管）', action: 'log.reject', value: { logId: String(out.logId) } },
    ],
    note: '记错了？点「撤销」或发送 /撤销（24 小时内有效）',
  });
}

/** Which item the log closed, in words: a late one says it was overdue and by how long. */
function completedItemText(item: DueItem, req: LogRequest): string {
  const what = `${item.period} ${req.action.name}`;
  if (!item.completedLate) return `${what}（计划 ${item.dueDate.slice(5)}）✓`;
  return `补做：${what}（计划 ${item.dueDate.slice(5)}，逾期 ${daysBetween(item.dueDate, req.date)} 天，记为逾期完成）✓`;
}
