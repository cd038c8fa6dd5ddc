import { text } from '../core/reply.js';
import { parseChatDate } from '../domain/chat-dates.js';
import { addDays, daysBetween } from '../domain/dates.js';
import type { Command } from './types.js';

// /暂停提醒 <日期>: no reminders (and no nudges) through that date, e.g. for a holiday or a long
// trip; /恢复提醒 undoes it. Warnings to the manager are not paused: they are the manager's tool.

const MAX_PAUSE_DAYS = 92;

export const pauseCommand: Command = {
  name: 'pause',
  aliases: ['暂停提醒'],
  summary: '暂停每周待办提醒到某天（含当天），例如休假时',
  examples: ['/暂停提醒 12-15', '/暂停提醒 2026-12-31'],
  run({ services, member, args }) {
    const today = services.today();
    const parsed = args[0] ? parseChatDate(args[0], today) : { kind: 'not_a_date' as const };
    if (parsed.kind !== 'date' && parsed.kind !== 'future') {
      return text('请写出暂停到哪一天，例如 /暂停提醒 12-15（到 12 月 15 日为止，含当天）。提前恢复发送 /恢复提醒。');
    }
    const until = parsed.date;
    if (until < today) return text(`${until} 已经过去了。请写今天或以后的日期，例如 /暂停提醒 ${addDays(today, 7).slice(5)}。`);
    if (daysBetween(today, until) > MAX_PAUSE_DAYS)
      return text(`最长暂停 ${MAX_PAUSE_DAYS} 天（到 ${addDays(today, MAX_PAUSE_DAYS)}）。更长的离岗请联系主管调整计划。`);
    services.repos.members.setRemindersPausedUntil(member.id, until);
    return text(`好的，${until}（含）之前不再给你发待办提醒，${addDays(until, 1)} 起自动恢复。提前恢复请发送 /恢复提醒。`);
  },
};

export const resumeCommand: Command = {
  name: 'resume',
  aliases: ['恢复提醒'],
  summary: '恢复每周待办提醒',
  examples: ['/恢复提醒'],
  run({ services, member }) {
    const was = member.remindersPausedUntil;
    services.repos.members.setRemindersPausedUntil(member.id, null);
    if (!was || was < services.today()) return text('你的提醒没有暂停，会照常收到每周待办提醒。');
    return text('已恢复提醒：每周的待办提醒会照常发给你。');
  },
};
