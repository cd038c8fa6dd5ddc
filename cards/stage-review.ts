import { type Button, type CardReply, type Colour, card } from '../src/core/reply.js';
import { STAGE_LABELS, STAGE_SHORT, STAGES, type Stage } from '../src/domain/stages.js';

// The manager's side of dual confirmation (docs/method.md step 1): the review card a rep's proposal
// sends them, and the /复核 summary of what waits for them.

const label = (s: string | null) => (s && s in STAGE_LABELS ? STAGE_LABELS[s as Stage] : '—');

export interface ReviewCardData {
  reviewId: number;
  /** Null when the customer no longer exists. */
  customer: { name: string; stage: Stage } | null;
  rep: string;
  pick: Stage;
  suggested: string | null;
  reason: string | null;
  evidence: string | null;
}

export function stageReviewCard(d: ReviewCardData): CardReply {
  const id = String(d.reviewId);
  const buttons: Button[] = [
    { label: `同意（${STAGE_SHORT[d.pick]}）`, action: 'stage.approve', value: { reviewId: id, stage: d.pick }, style: 'primary' },
    ...STAGES.filter((s) => s !== d.pick).map(
      (s): Button => ({ label: `改为${STAGE_SHORT[s]}`, action: 'stage.choose', value: { reviewId: id, stage: s } }),
    ),
  ];
  const agrees = d.suggested === d.pick;
  return card({
    title: `阶段复核：${d.customer?.name ?? ''}`,
    colour: agrees ? 'blue' : 'orange',
    lines: [agrees ? '销售自评与系统建议一致。' : '销售自评与系统建议不同，请看理由和依据。'],
    fields: [
      { label: '销售', value: d.rep },
      { label: '当前阶段', value: label(d.customer?.stage ?? null) },
      { label: '销售自评', value: label(d.pick) },
      { label: '理由', value: d.reason || '采纳系统建议' },
      { label: '系统建议', value: label(d.suggested) },
      { label: '依据', value: d.evidence ?? '—' },
    ],
    buttons,
    note: `改判并写明理由：/阶段 ${d.customer?.name ?? '<客户>'} <阶段> <理由>`,
  });
}

export interface ReviewRow {
  kind: 'pending' | 'differs';
  customer: string;
  rep: string;
  current: Stage;
  other: Stage;
  evidence: string;
}

export interface ReviewSummaryData {
  region: string;
  pending: number;
  differ: number;
  consensus: string;
  rows: ReviewRow[];
  maxRows: number;
}

export function reviewSummaryCard(d: ReviewSummaryData): CardReply {
  const shown = d.rows.slice(0, d.maxRows);
  const colour = (r: ReviewRow): Colour => (r.kind === 'pending' ? 'orange' : 'yellow');
  const cells = (r: ReviewRow) => [
    r.kind === 'pending' ? '待复核' : '建议不同',
    r.customer,
    r.rep,
    STAGE_SHORT[r.current],
    `${r.kind === 'pending' ? '自评' : '建议'}${STAGE_SHORT[r.other]}`,
    r.evidence,
  ];
  return card({
    title: `阶段复核 · ${d.region}`,
    colour: d.pending > 0 ? 'orange' : 'green',
    fields: [
      { label: '待复核', value: `${d.pending} 家` },
      { label: '系统建议与当前阶段不同', value: `${d.differ} 家` },
      { label: '共识率', value: d.consensus },
    ],
    lines: d.rows.length ? [] : ['没有待复核的客户，所有客户的阶段与系统建议一致。'],
    table: shown.length
      ? {
          columns: ['类型', '客户', '销售', '当前', '自评/建议', '依据'],
          rows: shown.map(cells),
          colours: shown.map((r) => [colour(r), null, null, null, null, null]),
        }
      : undefined,
    note: `${d.rows.length > d.maxRows ? `只显示前 ${d.maxRows} 条。` : ''}直接调整：/阶段 <客户> <阶段> <理由>，例如 /阶段 绍兴纺机 稳定 新订单已恢复`,
  });
}
