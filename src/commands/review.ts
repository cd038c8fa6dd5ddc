import { type ReviewRow, reviewSummaryCard } from '../../cards/stage-review.js';
import { type Reply, text } from '../core/reply.js';
import { consensusRate } from '../domain/consensus.js';
import type { Stage } from '../domain/stages.js';
import { regionIdOf } from '../method/metrics/region-data.js';
import { reviewCard } from '../method/stages/stage-review.js';
import { suggestInRegion } from '../method/stages/suggest.js';
import type { Services } from '../services.js';
import type { Command } from './types.js';

// /review (/复核): what waits for the manager — rep proposals to confirm, and customers whose
// suggested stage differs from their effective one — plus the consensus rate (docs/method.md step 1).

const MAX_ROWS = 20;
const MAX_CARDS = 5;

export function consensusLine(services: Services, regionId: number): string {
  const decided = services.repos.stages.decidedReviewsInRegion(regionId);
  const rate = consensusRate(decided);
  if (rate === null) return '暂无已复核的记录';
  const agreed = decided.filter((d) => d.repPick === d.finalStage).length;
  return `${Math.round(rate * 100)}%（${agreed}/${decided.length} 次复核与销售自评一致）`;
}

function reviewRows(services: Services, regionId: number): { pending: number; differ: number; rows: ReviewRow[] } {
  const { customers, members } = services.repos;
  const all = customers.inRegion(regionId);
  const byId = new Map(all.map((c) => [c.id, c]));
  const name = (id: number) => members.byId(id)?.name ?? '';
  const pending = services.repos.reviews.pendingInRegion(regionId);
  const suggestions = suggestInRegion(
    services,
    regionId,
    all.map((c) => c.id),
  );
  const waiting = new Set(pending.map((r) => r.customerId));
  const rows: ReviewRow[] = pending.map((r) => {
    const c = byId.get(r.customerId)!;
    return {
      kind: 'pending',
      customer: c.name,
      rep: name(r.repId),
      current: c.stage,
      other: r.repPick as Stage,
      evidence: r.evidence ?? '',
    };
  });
  const differ = all.filter((c) => !waiting.has(c.id) && suggestions.get(c.id)!.stage !== c.stage);
  for (const c of differ) {
    const s = suggestions.get(c.id)!;
    rows.push({ kind: 'differs', customer: c.name, rep: name(c.ownerId), current: c.stage, other: s.stage, evidence: s.evidence });
  }
  return { pending: pending.length, differ: differ.length, rows };
}

export const reviewCommand: Command = {
  name: 'review',
  aliases: ['复核'],
  summary: '查看待复核的客户阶段、系统建议不同的客户和共识率（主管）',
  examples: ['/复核'],
  roles: ['manager', 'admin'],
  run({ services, member }) {
    const regionId = regionIdOf(services, member);
    if (regionId == null) return text('还没有区域，无法复核。请先导入成员和客户。');
    const region = services.repos.regions.byId(regionId)!;
    const { pending, differ, rows } = reviewRows(services, regionId);
    const summary = reviewSummaryCard({
      region: region.name,
      pending,
      differ,
      consensus: consensusLine(services, regionId),
      rows,
      maxRows: MAX_ROWS,
    });
    const cards: Reply[] = services.repos.reviews
      .pendingInRegion(regionId)
      .slice(0, MAX_CARDS)
      .map((r) => reviewCard(services, r));
    return [summary, ...cards];
  },
};
