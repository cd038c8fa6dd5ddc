import { weightsCard as weightsCardOf, weightsLine } from '../../cards/target.js';
import { type Reply, text } from '../core/reply.js';
import type { Member } from '../db/repos/members.repo.js';
import { formatFen } from '../domain/money.js';
import { parseStage, STAGE_LABELS, type Stage } from '../domain/stages.js';
import { type StageWeights, validateWeights } from '../domain/target-split.js';
import { regionIdOf } from '../method/metrics/region-data.js';
import { isReviewer } from '../method/stages/stage-review.js';
import { computeSplit, defaultPeriod, saveVersion } from '../method/targets/target-ops.js';
import type { Services } from '../services.js';
import type { Command } from './types.js';

// /weights (/权重): the region's stage weights in percent. The remainder below 100% is the
// new-market reserve (shown); above 100% is refused with the sum. A saved target is re-split.

const EXAMPLE = '/权重 成长40 孵化15 稳定30 衰退5';
const USAGE = `用法：${EXAMPLE}（百分比，合计不超过 100%，剩余为新市场储备；没写的阶段保持不变）`;

const PAIR = /([^\s\d:：=%]+)\s*[:：=]?\s*(\d+(?:\.\d+)?)\s*%?/g;

/**
 * 成长40 / 成长:40 / 成长 40 / 成长型40% / growing=40, in any order; null when anything is left over.
 * A stage written twice is reported, never "last one wins": the manager meant one of them.
 */
export function parseWeights(input: string): Partial<StageWeights> | { twice: Stage } | null {
  const found: Partial<Record<Stage, number>> = {};
  let twice: Stage | null = null;
  const leftover = input.replace(PAIR, (whole, word: string, num: string) => {
    const stage = parseStage(word);
    if (!stage) return whole;
    if (stage in found) twice ??= stage;
    found[stage] = Number(num);
    return ' ';
  });
  if (twice) return { twice };
  return leftover.trim() === '' && Object.keys(found).length > 0 ? found : null;
}

export const weightsCommand: Command = {
  name: 'weights',
  aliases: ['权重'],
  summary: '查看或修改阶段权重（主管），剩余部分为新市场储备',
  examples: [EXAMPLE, '/权重'],
  run({ services, member, args }) {
    const regionId = regionIdOf(services, member);
    if (regionId == null) return text('还没有区域，无法设置权重。');
    const region = services.repos.regions.byId(regionId)!;
    const current = services.repos.regions.weights(region);
    if (args.length === 0) return weightsCard(region.name, current, null);
    if (member.role === 'rep' || !isReviewer(member, regionId)) return text('阶段权重由本区主管设置。发送 /权重 查看当前权重。');
    const parsed = parseWeights(args.join(' '));
    if (!parsed) return text(`没有看懂「${args.join(' ')}」。${USAGE}`);
    if ('twice' in parsed) return text(`「${STAGE_LABELS[parsed.twice]}」写了两次，没有保存。每个阶段只写一次。${USAGE}`);
    const next: StageWeights = { ...current, ...parsed };
    const check = validateWeights(next);
    if (!check.ok) return text(`${check.error}（${weightsLine(next)}）。${USAGE}`);
    return save(services, member, regionId, region.name, next);
  },
};

function save(services: Services, member: Member, regionId: number, name: string, w: StageWeights): Reply {
  const period = defaultPeriod(services, regionId);
  const target = services.repos.regions.target(regionId, period);
  const res = target === null ? null : computeSplit(services, regionId, target, w);
  const version = services.db.transaction(() => {
    services.repos.targets.setWeights(regionId, w);
    return res?.ok ? saveVersion(services, regionId, period, res.split, member.id) : null;
  });
  const line =
    version && res?.ok
      ? `已按新权重重新拆分 ${period} 目标 ${formatFen(res.split.targetFen)}，生成草稿 v${version.version}（此前对个人的手动调整需重新设置）：发送 /目标 查看，确认后 /目标 发布。`
      : '还没有设定区域目标：发送 /目标 <金额> 按新权重拆分，例如 /目标 4.2亿。';
  return weightsCard(name, w, line);
}

function weightsCard(region: string, w: StageWeights, line: string | null): Reply {
  const check = validateWeights(w);
  return weightsCardOf(region, w, check.ok ? check.reservePct : 0, line, USAGE);
}
