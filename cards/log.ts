import { type Button, type CardReply, card } from '../src/core/reply.js';
import type { LocalDate } from '../src/domain/dates.js';
import { periodLabel } from '../src/domain/period-label.js';
import { STAGE_LABELS, type Stage } from '../src/domain/stages.js';

// The log confirmation (/记录) and the "你是说…?" choice card shown when a name is ambiguous.

export interface LogCardData {
  logId: number;
  action: string;
  customer: string;
  stage: Stage;
  date: LocalDate;
  note: string | null;
  /** The owner's name when someone else (a manager) logged it for them. */
  loggedFor: string | null;
  /** The due item the log completed, if any. */
  /** lateDays: set when the log closed an overdue item late (docs/numbers.md, "A late log"). */
  completed: { period: string; dueDate: LocalDate; lateDays?: number | null } | null;
  /** The action belongs to the customer's stage pack (only then does it count). */
  inPack: boolean;
  /** The same message was logged before: nothing new was written. */
  duplicate: boolean;
  week: { done: number; due: number };
  /** A one-tap 「✓ 完成」: the next plain message in this chat within this many minutes becomes the note. */
  noteByReplyMinutes?: number;
}

/** Which item the log closed, in words: a late one says it was overdue and by how long. */
function completedItemText(item: NonNullable<LogCardData['completed']>, action: string): string {
  const what = `${periodLabel(item.period)} ${action}`;
  if (item.lateDays == null) return `${what}（计划 ${item.dueDate.slice(5)}）✓`;
  return `补做：${what}（计划 ${item.dueDate.slice(5)}，逾期 ${item.lateDays} 天，记为逾期完成）✓`;
}

/**
 * Compact: what was logged on one line, what it completed and the week on the second (issue 15: five full-width
 * rows for what fits in two lines). A note, a log for someone else and a warning add a line each.
 */
export function logConfirmationCard(d: LogCardData): CardReply {
  const completedText = d.completed
    ? completedItemText(d.completed, d.action)
    : d.inPack
      ? '本期该动作已完成或没有待办，已记录，不重复计数'
      : null;
  const week = d.week.due === 0 ? '本周无待办' : `本周 ${d.week.done}/${d.week.due}`;
  const lines = [
    // The title already says what and whom: the first line adds the stage and the day.
    `${STAGE_LABELS[d.stage]}客户 · ${d.date.slice(5)}${d.loggedFor ? ` · 为 ${d.loggedFor} 记录` : ''}`,
    completedText ? `${completedText} · ${week}` : week,
  ];
  if (d.note) lines.push(`备注：${d.note}`);
  // An item of the customer's old pack, still open after a stage change, counts: no "not in pack" line.
  if (!d.inPack && !d.completed)
    lines.push(`「${d.action}」不在${STAGE_LABELS[d.stage]}客户「${d.customer}」的动作包内：已记录并会在周报中体现，但不计入完成率。`);
  if (d.duplicate) lines.unshift('这条消息之前已经记录过，没有重复记录。');
  if (d.noteByReplyMinutes && !d.duplicate)
    // Short: on WeCom the whole body must fit 112 characters with the 撤销 line.
    lines.push(`回复这条消息可补充备注（${d.noteByReplyMinutes} 分钟内）`);
  return card({
    title: `已记录：${d.action} · ${d.customer}`,
    colour: d.inPack ? 'green' : 'orange',
    lines,
    // 不合格 is for the region's managers: in a group everyone sees the card, so the handler refuses reps.
    buttons: [
      {
        label: '撤销',
        action: 'log.undo',
        value: { logId: String(d.logId) },
        style: 'danger',
        confirm: `撤销「${d.action} · ${d.customer}」这条记录？它完成的待办会重新打开。`,
      },
      {
        label: '不合格（主管）',
        action: 'log.reject',
        value: { logId: String(d.logId) },
        confirm: '把这条记录标记为不合格？它将不计入完成率，销售会看到。',
      },
    ],
    note: '记错了？点「撤销」或发送 /撤销（24 小时内有效）',
  });
}

export interface LogChoice {
  action: { code: string; name: string };
  customer: { id: number; name: string };
}

/** Up to three action × customer pairs; `base` (date, note, source) rides along in every button. */
export function logChoicesCard(pairs: LogChoice[], base: Record<string, string>, cmd = '/记录'): CardReply {
  const buttons: Button[] = pairs.slice(0, 3).map((p) => ({
    label: `${p.action.name} · ${p.customer.name}`,
    action: 'log.choose',
    value: { ...base, action: p.action.code, customer: String(p.customer.id) },
  }));
  return card({
    title: '你是说…?',
    colour: 'blue',
    lines: ['有几个相近的名字，请点选一个：'],
    buttons,
    note: `都不是？请写全名重新发送，例如 ${cmd} 高层拜访 华东重工`,
  });
}
