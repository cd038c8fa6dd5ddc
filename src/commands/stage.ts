import { stageChangedCard, stageInfoCard, stageListCard, stageProposedCard } from '../../cards/stage.js';
import { notice, type Reply, text } from '../core/reply.js';
import type { Customer } from '../db/repos/customers.repo.js';
import type { Member } from '../db/repos/members.repo.js';
import { applyStageEvent } from '../domain/consensus.js';
import { parseStage, STAGE_LABELS, STAGE_SHORT, type Stage } from '../domain/stages.js';
import { notifyMember, reviewerOf } from '../method/delivery/notify.js';
import { findCustomer } from '../method/people/resolve.js';
import { applyStageChange } from '../method/stages/stage-change.js';
import { changeLine, decideReview, isReviewer, reviewCard, stateOf } from '../method/stages/stage-review.js';
import { suggestFor } from '../method/stages/suggest.js';
import type { Services } from '../services.js';
import type { ActionContext, ActionHandler, Command } from './types.js';

// /stage (/阶段): dual confirmation (双人确认). A rep proposes a stage, which goes to the manager as
// a card; a manager's /stage with a reason is an override that takes effect at once.

const USAGE = '用法：/阶段 <客户> <阶段> [理由]，阶段写 孵化、成长、稳定 或 衰退，例如：/阶段 华东重工 成长 已两次复购';
const BAD_STAGE = (w: string) =>
  `「${w}」不是客户阶段。请写 孵化、成长、稳定 或 衰退（也可写 成长型、growing），例如：/阶段 华东重工 成长 已两次复购`;

export const stageCommand: Command = {
  name: 'stage',
  aliases: ['阶段'],
  summary: '提议或调整客户阶段（销售自评，主管复核或直接调整）',
  examples: ['/阶段 华东重工', '/阶段 华东重工 成长 已两次复购', '/stage 金陵机床 稳定'],
  run({ services, member, args }) {
    if (args.length === 0) return stageList(services, member);
    const found = findCustomer(services, member, args[0]!, USAGE);
    if (!found.ok) return text(found.message);
    if (args.length === 1) return stageInfo(services, found.value);
    const stage = parseStage(args[1]!);
    if (!stage) return text(BAD_STAGE(args[1]!));
    const reason = args.slice(2).join(' ').trim();
    return member.role === 'rep'
      ? propose(services, member, found.value, stage, reason)
      : override(services, member, found.value, stage, reason);
  },
};

/** A rep's own customers; a manager's region (the customers they may change). */
function stageList(services: Services, member: Member): Reply {
  const { customers, reviews } = services.repos;
  const mine = member.role === 'rep' ? customers.ownedBy(member.id) : member.regionId == null ? [] : customers.inRegion(member.regionId);
  const pending = new Map(
    (member.regionId == null ? [] : reviews.pendingInRegion(member.regionId)).map((r) => [r.customerId, r.repPick as Stage]),
  );
  const who =
    member.role === 'rep'
      ? `${member.name} · 我的客户`
      : member.regionId == null
        ? '全部'
        : (services.repos.regions.byId(member.regionId)?.name ?? '');
  return stageListCard({
    who,
    usage: USAGE,
    customers: mine.map((c) => ({ name: c.name, stage: c.stage, stageSince: c.stageSince, pendingPick: pending.get(c.id) ?? null })),
  });
}

function stageInfo(services: Services, c: Customer): Reply {
  const s = suggestFor(services, c.id);
  const pending = services.repos.reviews.pendingFor(c.id);
  return stageInfoCard(c, s, pending ? (pending.repPick as Stage) : null);
}

function propose(services: Services, rep: Member, c: Customer, pick: Stage, reason: string): Reply {
  const { reviews } = services.repos;
  const s = suggestFor(services, c.id);
  if (pick === c.stage && !reviews.pendingFor(c.id)) {
    return text(`「${c.name}」目前已是${STAGE_LABELS[pick]}，无需复核。系统建议：${STAGE_LABELS[s.stage]}（${s.evidence}）。`);
  }
  const at = services.clock.now();
  const t = applyStageEvent(stateOf(c, null), {
    type: 'rep_propose',
    repPick: pick,
    reason,
    suggested: s.stage,
    by: rep.id,
    at: at.toISOString(),
  });
  if (!t.ok) return text(`${t.error}，例如：/阶段 ${c.name} ${STAGE_SHORT[pick]} 客户新产线投产，采购节奏改变`);
  const reviewerId = reviewerOf(services, rep);
  const reviewer = reviewerId == null ? null : services.repos.members.byId(reviewerId);
  if (!reviewer) return text('本区还没有主管，阶段提议无法复核。请联系管理员设置你的主管后再发送。');
  const sent = services.db.transaction(() => {
    reviews.supersedePending(c.id, at.getTime());
    const review = reviews.insert({
      customerId: c.id,
      repId: rep.id,
      repPick: pick,
      suggested: s.stage,
      evidence: s.evidence,
      reason: reason || null,
      createdAt: at.getTime(),
    });
    return notifyMember(services, reviewer.id, reviewCard(services, review), `stage-review:${review.id}`);
  });
  return stageProposedCard({ customer: c.name, from: c.stage, pick, suggestion: s, reason, reviewer: reviewer.name, sent });
}

function override(services: Services, manager: Member, c: Customer, to: Stage, reason: string): Reply {
  if (!isReviewer(manager, c.regionId)) return text(`「${c.name}」不在你负责的区域，不能调整它的阶段。`);
  if (!reason) return text(`主管直接调整阶段时请写明理由，例如：/阶段 ${c.name} ${STAGE_SHORT[to]} 连续两季度下单下滑`);
  const { reviews } = services.repos;
  const pending = reviews.pendingFor(c.id);
  if (to === c.stage && !pending) return text(`「${c.name}」目前已是${STAGE_LABELS[to]}，无需调整。`);
  const t = applyStageEvent(stateOf(c, pending), {
    type: 'manager_override',
    stage: to,
    reason,
    by: manager.id,
    at: services.clock.now().toISOString(),
  });
  if (!t.ok) return text(t.error);
  const changed = services.db.transaction(() => {
    if (pending) {
      reviews.decide(pending.id, { status: 'overridden', managerId: manager.id, finalStage: to, at: services.clock.now().getTime() });
      notifyMember(
        services,
        pending.repId,
        text(`${manager.name}将「${c.name}」直接调整为${STAGE_LABELS[to]}：${reason}`),
        `stage-review-result:${pending.id}`,
      );
    }
    const outcome = t.history ? applyStageChange(services, c, to, manager.id, t.history.why) : null;
    // The owner always hears of an override of their customer, with the reason (unless told above).
    if (c.ownerId !== manager.id && pending?.repId !== c.ownerId) {
      const msg = `${manager.name}将你的客户「${c.name}」由${STAGE_LABELS[c.stage]}调整为${STAGE_LABELS[to]}，理由：${reason}。${changeLine(outcome)}发送 /地图 查看新的动作安排。`;
      notifyMember(services, c.ownerId, text(msg), `stage-override:${c.id}:${services.clock.now().getTime()}`);
    }
    return outcome;
  });
  return stageChangedCard({
    customer: c.name,
    from: c.stage,
    to,
    reason,
    pendingPick: pending ? (pending.repPick as Stage) : null,
    planLine: changeLine(changed),
  });
}

function onReviewClick(kind: 'approve' | 'choose') {
  return ({ services, event, member }: ActionContext): Reply => {
    const review = services.repos.reviews.byId(Number(event.value.reviewId));
    const customer = review ? services.repos.customers.byId(review.customerId) : null;
    if (!review || !customer) return text('这条复核已失效，请发送 /复核 查看待复核的客户。');
    if (!isReviewer(member, customer.regionId)) return notice('只有本区主管可以复核阶段。');
    if (review.status !== 'pending') return text(`「${customer.name}」的这条复核已经处理过了，发送 /复核 查看最新情况。`);
    const final = kind === 'approve' ? (review.repPick as Stage) : parseStage(event.value.stage ?? '');
    if (!final) return text('这个按钮已失效，请发送 /复核 重新打开复核卡片。');
    // A decision other than the rep's own pick is an override: it needs the manager's reason, which the
    // rep then reads (docs/method.md step 1, dual confirmation).
    if (final !== review.repPick) {
      const example = `/阶段 ${customer.name} ${STAGE_SHORT[final]} <理由>`;
      return text(
        `改为${STAGE_LABELS[final]}与销售的自评（${STAGE_LABELS[review.repPick as Stage]}）不同，需要写明理由，暂未改判。请发送：${example}，例如 /阶段 ${customer.name} ${STAGE_SHORT[final]} 新产线推迟，采购维持现状`,
      );
    }
    const d = decideReview(services, member, review, final);
    if (!d.ok) return text(d.message);
    const verb = final === review.repPick ? '已确认' : '已改判';
    return text(`${verb}：「${customer.name}」为${STAGE_LABELS[final]}。${changeLine(d.changed)}`);
  };
}

export const stageApproveAction: ActionHandler = { action: 'stage.approve', run: onReviewClick('approve') };
export const stageChooseAction: ActionHandler = { action: 'stage.choose', run: onReviewClick('choose') };
