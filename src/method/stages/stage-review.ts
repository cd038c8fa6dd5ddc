import { stageReviewCard } from '../../../cards/stage-review.js';
import { type Reply, text } from '../../core/reply.js';
import type { Customer } from '../../db/repos/customers.repo.js';
import type { Member } from '../../db/repos/members.repo.js';
import type { StageReview } from '../../db/repos/stage-reviews.repo.js';
import { applyStageEvent, type StageState } from '../../domain/consensus.js';
import { STAGE_LABELS, type Stage } from '../../domain/stages.js';
import type { Services } from '../../services.js';
import { notifyMember } from '../delivery/notify.js';
import { applyStageChange, type ChangeOutcome } from './stage-change.js';

// The manager's side of dual confirmation: the review card (rep's pick, the system's suggestion
// and its evidence, buttons) and the decision that makes a stage take effect.

const label = (s: string | null) => (s && s in STAGE_LABELS ? STAGE_LABELS[s as Stage] : '—');

export function reviewCard(services: Services, review: StageReview): Reply {
  const customer = services.repos.customers.byId(review.customerId);
  return stageReviewCard({
    reviewId: review.id,
    customer: customer ? { name: customer.name, stage: customer.stage } : null,
    rep: services.repos.members.byId(review.repId)?.name ?? '',
    pick: review.repPick as Stage,
    suggested: review.suggested,
    reason: review.reason,
    evidence: review.evidence,
  });
}

export function stateOf(customer: Customer, pending: StageReview | null): StageState {
  return {
    effective: customer.stage,
    pending: pending
      ? { repPick: pending.repPick as Stage, reason: pending.reason ?? '', by: pending.repId, at: String(pending.createdAt) }
      : null,
  };
}

export type Decision = { ok: true; final: Stage; changed: ChangeOutcome | null } | { ok: false; message: string };

/** Approve (final = rep's pick) or choose another stage from the card; writes everything or nothing. */
export function decideReview(services: Services, manager: Member, review: StageReview, final: Stage): Decision {
  const customer = services.repos.customers.byId(review.customerId);
  if (!customer) return { ok: false, message: '这位客户已不存在，复核已失效。' };
  const at = services.clock.now().toISOString();
  const reason = final === review.suggested ? `采纳系统建议：${review.evidence ?? ''}` : '主管在复核卡片上改判';
  const event =
    final === review.repPick
      ? { type: 'manager_approve' as const, by: manager.id, at }
      : { type: 'manager_choose' as const, stage: final, reason, by: manager.id, at };
  const t = applyStageEvent(stateOf(customer, review), event);
  if (!t.ok) return { ok: false, message: t.error };
  return services.db.transaction((): Decision => {
    const { reviews } = services.repos;
    const status = final === review.repPick ? 'approved' : 'overridden';
    if (!reviews.decide(review.id, { status, managerId: manager.id, finalStage: final, at: services.clock.now().getTime() })) {
      return { ok: false, message: '这条复核已经处理过了。' };
    }
    const changed = t.history ? applyStageChange(services, customer, final, manager.id, t.history.why) : null;
    tellRep(services, review, customer, final, manager);
    return { ok: true, final, changed };
  });
}

/** The rep hears the outcome privately (through the outbox, like the review card). */
export function tellRep(services: Services, review: StageReview, customer: Customer, final: Stage, manager: Member): void {
  const same = final === review.repPick;
  const msg = same
    ? `${manager.name}已确认「${customer.name}」为${STAGE_LABELS[final]}，新的动作包已生效，发送 /地图 查看。`
    : `${manager.name}复核后将「${customer.name}」定为${STAGE_LABELS[final]}（你的自评：${label(review.repPick)}），发送 /地图 查看新的动作包。`;
  notifyMember(services, review.repId, text(msg), `stage-review-result:${review.id}`);
}

export function changeLine(c: ChangeOutcome | null): string {
  if (!c) return '阶段未变，计划不变。';
  const kept = c.kept ? `；已到期未完成的 ${c.kept} 项保留（历史不改写），仍可补做` : '';
  return `计划已更新：取消旧动作包待办 ${c.cancelled} 项，新增 ${c.added} 项${c.skipped ? `（${c.skipped} 项本期已安排过，跳过）` : ''}${kept}。`;
}

export const isReviewer = (m: Member, regionId: number) => m.role === 'admin' || (m.role === 'manager' && m.regionId === regionId);
