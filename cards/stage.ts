import { type CardReply, card } from '../src/core/reply.js';
import type { LocalDate } from '../src/domain/dates.js';
import { STAGE_LABELS, STAGE_SHORT, STAGES, type Stage } from '../src/domain/stages.js';

// The /阶段 cards of dual confirmation (docs/method.md step 1): a customer's stage and the system's
// suggestion, a rep's proposal sent for review, and a manager's direct change.

export interface Suggestion {
  stage: Stage;
  evidence: string;
}

export function stageInfoCard(
  c: { name: string; stage: Stage; stageSince: LocalDate },
  s: Suggestion,
  pendingPick: Stage | null,
): CardReply {
  return card({
    title: `客户阶段：${c.name}`,
    colour: s.stage === c.stage ? 'green' : 'orange',
    fields: [
      { label: '当前阶段', value: `${STAGE_LABELS[c.stage]}（${c.stageSince} 起）` },
      { label: '系统建议', value: STAGE_LABELS[s.stage] },
      { label: '依据', value: s.evidence },
      ...(pendingPick ? [{ label: '待复核', value: `销售自评${STAGE_LABELS[pendingPick]}，等待主管确认` }] : []),
    ],
    note: `提议阶段：/阶段 ${c.name} ${STAGE_SHORT[s.stage]} [理由]（与建议不同时须写理由）`,
  });
}

export interface ProposalData {
  customer: string;
  from: Stage;
  pick: Stage;
  suggestion: Suggestion;
  reason: string;
  reviewer: string;
  /** The review card reached the reviewer's chat (false: they have no bound account). */
  sent: boolean;
}

export function stageProposedCard(d: ProposalData): CardReply {
  return card({
    title: `已提交复核：${d.customer}`,
    colour: 'blue',
    fields: [
      { label: '你的自评', value: `${STAGE_LABELS[d.from]} → ${STAGE_LABELS[d.pick]}` },
      { label: '系统建议', value: `${STAGE_LABELS[d.suggestion.stage]}（${d.suggestion.evidence}）` },
      ...(d.reason ? [{ label: '理由', value: d.reason }] : []),
      { label: '复核人', value: d.reviewer },
    ],
    lines: [
      d.sent
        ? `已私信${d.reviewer}复核；双方一致后新阶段和动作包才生效。`
        : `${d.reviewer}还没有绑定聊天账号，私信未能发出：请提醒主管发送 /复核 处理。`,
    ],
  });
}

export interface OverrideData {
  customer: string;
  from: Stage;
  to: Stage;
  reason: string;
  /** The rep's pending pick, settled together with the override. */
  pendingPick: Stage | null;
  /** What happened to the plan (changeLine). */
  planLine: string;
}

export function stageChangedCard(d: OverrideData): CardReply {
  return card({
    title: `阶段已调整：${d.customer}`,
    colour: 'green',
    fields: [
      { label: '阶段', value: `${STAGE_LABELS[d.from]} → ${STAGE_LABELS[d.to]}` },
      { label: '理由', value: d.reason },
      ...(d.pendingPick ? [{ label: '销售自评', value: `${STAGE_LABELS[d.pendingPick]}（已一并处理）` }] : []),
    ],
    lines: [d.planLine],
  });
}

export interface StageListData {
  /** '小李 · 我的客户' or '华东区'. */
  who: string;
  customers: Array<{ name: string; stage: Stage; stageSince: LocalDate; pendingPick: Stage | null }>;
  usage: string;
}

/** /阶段 with nothing after it: the member's customers by stage, so they know what to type next. */
export function stageListCard(d: StageListData): CardReply {
  const sorted = [...d.customers].sort(
    (a, b) => STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage) || a.name.localeCompare(b.name, 'zh-CN'),
  );
  const counts = STAGES.map((s) => `${STAGE_SHORT[s]} ${d.customers.filter((c) => c.stage === s).length}`).join(' · ');
  return card({
    title: `客户阶段 · ${d.who}`,
    colour: 'blue',
    lines: d.customers.length ? [`共 ${d.customers.length} 家：${counts}`] : ['名下还没有客户。'],
    table: d.customers.length
      ? {
          columns: ['客户', '阶段', '起始', '待复核'],
          rows: sorted.map((c) => [c.name, STAGE_SHORT[c.stage], c.stageSince, c.pendingPick ? `自评${STAGE_SHORT[c.pendingPick]}` : '']),
        }
      : undefined,
    note: d.usage,
  });
}
