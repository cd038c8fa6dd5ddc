import { frequencyReviewCard } from '../../cards/frequency.js';
import { type Reply, text } from '../core/reply.js';
import type { FrequencyOverride } from '../db/repos/frequency-overrides.repo.js';
import type { Frequency } from '../domain/packs.js';
import { notifyMember } from '../method/delivery/notify.js';
import { describeFrequency, replanAction, replanSummary } from '../method/plans/plan-ops.js';
import { isReviewer } from '../method/stages/stage-review.js';
import type { Services } from '../services.js';
import type { ActionContext, ActionHandler } from './types.js';

// A rep's request to lower a pack frequency, and the manager's approve / reject buttons.

export function frequencyCard(services: Services, o: FrequencyOverride): Reply {
  const a = services.repos.actionTypes.all().find((x) => x.code === o.actionCode);
  return frequencyReviewCard({
    overrideId: o.id,
    customer: services.repos.customers.byId(o.customerId)?.name ?? '',
    action: a?.name ?? o.actionCode,
    rep: services.repos.members.byId(o.requestedById)?.name ?? '',
    packFrequency: a?.frequency ? describeFrequency(a.frequency) : '—',
    requested: describeFrequency(JSON.parse(o.frequencyJson) as Frequency),
  });
}

function decide(approve: boolean) {
  return ({ services, event, member }: ActionContext): Reply => {
    const { frequencies } = services.repos;
    const o = frequencies.byId(Number(event.value.overrideId));
    const c = o ? services.repos.customers.byId(o.customerId) : null;
    const a = o ? services.repos.actionTypes.all().find((x) => x.code === o.actionCode) : undefined;
    if (!o || !c || !a) return text('这条申请已失效。');
    if (!isReviewer(member, c.regionId)) return text('只有本区主管可以审批频次。');
    const freq = JSON.parse(o.frequencyJson) as Frequency;
    const what = `「${c.name}」${a.name}改为${describeFrequency(freq)}`;
    const done = services.db.transaction(() => {
      if (!frequencies.decide(o.id, approve ? 'active' : 'rejected', member.id)) return null;
      const out = approve ? replanAction(services, c, a, freq) : null;
      notifyMember(
        services,
        o.requestedById,
        text(
          `${member.name}${approve ? '批准' : '驳回'}了：${what}。${approve ? '新的安排已生效，发送 /地图 查看。' : '仍按动作包频次执行。'}`,
        ),
        `frequency-result:${o.id}`,
      );
      return { out };
    });
    if (!done) return text('这条申请已经处理过了。');
    return text(approve ? `已批准：${what}，本季度待办已重新安排（${replanSummary(done.out!)}）。` : `已驳回：${what}。`);
  };
}

export const frequencyApproveAction: ActionHandler = { action: 'freq.approve', run: decide(true) };
export const frequencyRejectAction: ActionHandler = { action: 'freq.reject', run: decide(false) };
