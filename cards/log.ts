import { type Button, type CardReply, card } from '../src/core/reply.js';
import type { LocalDate } from '../src/domain/dates.js';
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
  const what = `${item.period} ${action}`;
  if (item.lateDays == null) return `${what}（计划 ${item.dueDate.slice(5)}）✓`;
  return `补做：${what}（计划 ${item.dueDate.slice(5)}，逾期 ${item.lateDays} 天，记为逾期完成）✓`;
}

export function logConfirmationCard(d: LogCardData): CardReply {
  const completedText = d.completed
    ? completedItemText(d.completed, d.action)
    : d.inPack
      ? '本期该动作已完成或没有待办，已记录，不重复计数'
      : '—';
  // An item of the customer's old pack, still open after a stage change, counts: no "not in pack" line.
  const lines =
    d.inPack || d.completed
      ? []
      : [`「${d.action}」不在${STAGE_LABELS[d.stage]}客户「${d.customer}」的动作包内：已记录并会在周报中体现，但不计入完成率。`];
  if (d.duplicate) lines.unshift('这条消息之前已经记录过，没有重复记录。');
  if (d.noteByReplyMinutes && !d.duplicate) lines.push(`回复这条消息可补充备注（${d.noteByReplyMinutes} 分钟内直接发送）`);
  return card({
    title: `已记录：${d.action} · ${d.customer}`,
    colour: d.inPack ? 'green' : 'orange',
    lines,
    fields: [
      { label: '动作', value: d.action },
      { label: '客户', value: `${d.customer}（${STAGE_LABELS[d.stage]}）` },
      { label: '日期', value: d.date },
      ...(d.loggedFor ? [{ label: '代记录', value: `为 ${d.loggedFor} 记录` }] : []),
      ...(d.note ? [{ label: '备注', value: d.note }] : []),
      { label: '完成待办', value: completedText },
      { label: '本周进度', value: d.week.due === 0 ? '本周无待办' : `本周 ${d.week.done}/${d.week.due}` },
    ],
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
