import { coachingReminderCard, reminderCard } from '../../../cards/reminder.js';
import { addDays, isoWeek, localDateOf, weekStart } from '../../domain/dates.js';
import type { Services } from '../../services.js';
import { memberDm } from '../delivery/recipients.js';
import type { OutMessage } from '../delivery/types.js';
import { coachingThisWeek } from '../reports/coaching.js';
import { mostUrgent, namedItems } from '../reports/items.js';
import { messagingRun } from './messaging-run.js';
import type { JobOptions, JobResult } from './types.js';

// Thursday reminders: each rep gets one DM with this week's open due items, unless they paused
// reminders (/暂停提醒) through today. Nobody is reminded on a non-working day.

export function runReminders(services: Services, at: Date, opts: JobOptions = {}): JobResult {
  const today = localDateOf(at, services.config.TEAM_TIMEZONE);
  const period = isoWeek(today);
  const late = opts.late ?? false;
  if (!services.calendar.isWorkingDay(today)) {
    return { job: 'reminders', period, status: 'skipped', late, enqueued: [], summary: `${today} 不是工作日，不发提醒` };
  }
  const monday = weekStart(today);
  const messages: OutMessage[] = [];
  let paused = 0;
  for (const rep of services.repos.members.all().filter((m) => m.role === 'rep')) {
    if (rep.remindersPausedUntil !== null && rep.remindersPausedUntil >= today) {
      paused += 1;
      continue;
    }
    // This week's open items that can still be done: a closed window (a holiday passed) is not a to-do.
    const open = services.repos.dueItems
      .forMemberBetween(rep.id, monday, addDays(monday, 6))
      .filter((i) => i.status === 'open' && i.windowEnd >= today);
    const dm = open.length ? memberDm(services, rep.id) : null;
    if (!dm) continue;
    messages.push({
      key: `reminders:${rep.id}:${period}`,
      ...dm,
      reply: reminderCard(rep.name, namedItems(services, mostUrgent(open, open.length)), today),
    });
  }
  // Managers: the coaching sessions they put on their own list (the warning's 「安排辅导」).
  for (const manager of services.repos.members.all().filter((m) => m.role !== 'rep')) {
    const sessions = coachingThisWeek(services, manager.id, today).filter((s) => s.dueDate >= today);
    const dm = sessions.length ? memberDm(services, manager.id) : null;
    if (dm) messages.push({ key: `reminders:${manager.id}:${period}`, ...dm, reply: coachingReminderCard(manager.name, sessions) });
  }
  return messagingRun(
    services,
    { job: 'reminders', period, at, late, messages, detail: { paused } },
    '提醒',
    (enqueued) => `${period} 提醒：写入发件箱 ${enqueued.length} 条，${paused} 人暂停中`,
  );
}
