import { card, text, type Colour, type Reply } from '../core/reply.js';
import { consensusRate } from '../domain/consensus.js';
import { STAGE_SHORT, type Stage } from '../domain/stages.js';
import type { Services } from '../services.js';
import { regionIdOf } from '../method/metrics/region-data.js';
import { reviewCard } from '../method/stages/stage-review.js';
import { suggestInRegion } from '../method/stages/suggest.js';
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

interface Row { cells: string[]; colour: Colour }

function reviewRows(services: Services, regionId: number): { pending: number; differ: number; rows: Row[] } {
  const { customers, members } = services.repos;
  const all = customers.inRegion(regionId);
  const byId = new Map(all.map((c) => [c.id, c]));
  const name = (id: number) => members.byId(id)?.name ?? '';
  const pending = services.repos.reviews.pendingInRegion(regionId);
  const suggestions = suggestInRegion(services, regionId, all.map((c) => c.id));
  const waiting = new Set(pending.map((r) => r.customerId));
  const rows: Row[] = pending.map((r) => {
    const c = byId.get(r.customerId)!;
    return { colour: 'orange', cells: ['待复核', c.name, name(r.repId), STAGE_SHORT[c.stage], `自评${STAGE_SHORT[r.repPick as Stage]}`, r.evidence ?? ''] };
  });
  const differ = all.filter((c) => !waiting.has(c.id) && suggestions.get(c.id)!.stage !== c.stage);
  for (const c of differ) {
    const s = suggestions.get(c.id)!;
    rows.push({ colour: 'yellow', cells: ['建议不同', c.name, name(c.ownerId), STAGE_SHORT[c.stage], `建议${STAGE_SHORT[s.stage]}`, s.evidence] });
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
    const shown = rows.slice(0, MAX_ROWS);
    const summary = card({
      title: `阶段复核 · ${region.name}`,
      colour: pending > 0 ? 'orange' : 'green',
      fields: [
        { label: '待复核', value: `${pending} 家` },
        { label: '系统建议与当前阶段不同', value: `${differ} 家` },
        { label: '共识率', value: consensusLine(services, regionId) },
      ],
      lines: rows.length ? [] : ['没有待复核的客户，所有客户的阶段与系统建议一致。'],
      table: shown.length ? { columns: ['类型', '客户', '销售', '当前', '自评/建议', '依据'], rows: shown.map((r) => r.cells), colours: shown.map((r) => [r.colour, null, null, null, null, null]) } : undefined,
      note: `${rows.length > MAX_ROWS ? `只显示前 ${MAX_ROWS} 条。` : ''}直接调整：/阶段 <客户> <阶段> <理由>，例如 /阶段 绍兴纺机 稳定 新订单已恢复`,
    });
    const cards: Reply[] = services.repos.reviews.pendingInRegion(regionId).slice(0, MAX_CARDS).map((r) => reviewCard(services, r));
    return [summary, ...cards];
  },
};

