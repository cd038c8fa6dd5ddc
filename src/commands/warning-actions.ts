import { z } from 'zod';
import { type Reply, text } from '../core/reply.js';
import type { Member } from '../db/repos/members.repo.js';
import type { WarningChoice } from '../db/repos/warning-responses.repo.js';
import { warningHandlers } from '../domain/warnings.js';
import type { Services } from '../services.js';
import type { ActionHandler } from './types.js';

// The three buttons of a warning card (src/jobs/warnings.ts). Every click is recorded in
// warning_responses and answered; only the rep's manager (or an admin) may answer.

const valueSchema = z.object({
  repId: z.coerce.number().int().positive(),
  week: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});

const ANSWERS: Record<WarningChoice, (rep: string) => string> = {
  coaching: (rep) => `已记录：安排辅导 ${rep}。建议本周内约一次一对一，一起过一遍逾期事项，定下本周先做的三件。`,
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
      return text(ANSWERS[choice](rep.name));
    },
  };
}

export const warningActions: ActionHandler[] = [
  warningAction('warning.coach', 'coaching'),
  warningAction('warning.resources', 'resources'),
  warningAction('warning.ack', 'acknowledged'),
];
