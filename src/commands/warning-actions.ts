import { z } from 'zod';
import { coachDatesCard, coachingCard } from '../../cards/one-tap.js';
import { type Reply, text } from '../core/reply.js';
import type { Member } from '../db/repos/members.repo.js';
import type { WarningChoice } from '../db/repos/warning-responses.repo.js';
import { isValidDate } from '../domain/dates.js';
import { warningHandlers } from '../domain/warnings.js';
import { coachingDates, scheduleCoaching } from '../method/reports/coaching.js';
import type { Services } from '../services.js';
import type { ActionHandler } from './types.js';

// The three buttons of a warning card (src/method/jobs/warnings.ts). Every click is recorded in
// warning_responses and answered; only the rep's manager (or an admin) may answer.

const valueSchema = z.object({
  repId: z.coerce.number().int().positive(),
  week: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});

const ANSWERS: Record<Exclude<WarningChoice, 'coaching'>, (rep: string) => string> = {
  resources: (rep) => `已记录：向 ${rep} 资源倾斜。可以安排同事协助拜访，或在周会上调整客户分配。`,
  acknowledged: (rep) => `已记录：已知悉 ${rep} 的预警。下周一的周报会再看完成率。`,
};

/** The same rule that picked the card's recipients (warningHandlers), so every recipient may answer. */
function mayAnswer(services: Services, member: Member, rep: Member): boolean {
  if (member.role === 'admin') return true;
  const regionMembers = rep.regionId === null ? [] : services.repos.members.inRegion(rep.regionId);
  return warningHandlers(regionMembers, rep).some((m) => m.id === member.id);
}

function warningAction(action: string, choice: WarningChoice): ActionHandler {
  return {
    action,
    run({ services, event, member }): Reply {
      const value = valueSchema.safeParse(event.value);
      if (!value.success) return text('这个按钮已失效，请等待下一次预警或发送 /报告 查看。');
      const rep = services.repos.members.byId(value.data.repId);
      if (!rep) return text('没有找到这名销售，可能已离开团队。');
      if (!mayAnswer(services, member, rep)) return text(`只有 ${rep.name} 的主管可以处理这条预警。`);
      services.repos.warningResponses.record({
        repId: rep.id,
        week: value.data.week,
        managerId: member.id,
        choice,
        at: services.clock.now().getTime(),
      });
      if (choice !== 'coaching') return text(ANSWERS[choice](rep.name));
      // 安排辅导 asks for a date; a second click shows the session already on the list.
      const existing = services.repos.oneTap.coachingFor(rep.id, value.data.week);
      if (existing) return coachingCard(rep.name, existing.dueDate, true);
      return coachDatesCard(rep, value.data.week, coachingDates(services));
    },
  };
}

/** The date chosen after 安排辅导: the session goes on the clicking manager's own list. */
const coachOnAction: ActionHandler = {
  action: 'warning.coachOn',
  run({ services, event, member }): Reply {
    const value = valueSchema.extend({ date: z.string() }).safeParse(event.value);
    if (!value.success) return text('这个按钮已失效，请在预警消息上重新点「安排辅导」。');
    const rep = services.repos.members.byId(value.data.repId);
    if (!rep) return text('没有找到这名销售，可能已离开团队。');
    if (!mayAnswer(services, member, rep)) return text(`只有 ${rep.name} 的主管可以安排辅导。`);
    const date = value.data.date;
    if (!isValidDate(date) || date <= services.today() || !services.calendar.isWorkingDay(date))
      return text('这个日期已经过去或不是工作日，请在预警消息上重新点「安排辅导」选日期。');
    const { item, created } = scheduleCoaching(services, member, rep, value.data.week, value.data.date);
    return coachingCard(rep.name, item.dueDate, !created);
  },
};

export const warningActions: ActionHandler[] = [
  warningAction('warning.coach', 'coaching'),
  coachOnAction,
  warningAction('warning.resources', 'resources'),
  warningAction('warning.ack', 'acknowledged'),
];
