import { repTargetCard, splitCard, staleSplitCard } from '../../cards/target.js';
import { notice, type Reply, text } from '../core/reply.js';
import type { Member } from '../db/repos/members.repo.js';
import { formatFen } from '../domain/money.js';
import { adjustRep } from '../domain/target-split.js';
import { notifyMember } from '../method/delivery/notify.js';
import { regionIdOf } from '../method/metrics/region-data.js';
import { findRep } from '../method/people/resolve.js';
import { isReviewer } from '../method/stages/stage-review.js';
import {
  computeSplit,
  currentSplit,
  defaultPeriod,
  missingFromSplit,
  parseAmountArgs,
  parsePeriod,
  periodRangeError,
  saveVersion,
  splitOf,
} from '../method/targets/target-ops.js';
import type { Services } from '../services.js';
import type { ActionHandler, Command } from './types.js';

// /target (/目标): the region's target split by stage weights (docs/method.md step 1b), versioned.
// Manager: set the amount, adjust a rep against the reserve, publish. Rep: their own number.

const USAGE =
  '用法：/目标 <金额> [期间]，例如 /目标 4.2亿 2026（也可写 42000万 或 420000000）；/目标 调整 小李 3200万；/目标 发布；/目标 查看当前版本';
const BAD_AMOUNT = (w: string) => `「${w}」不是金额。请写 4.2亿、42000万 或 420000000（单位元），例如：/目标 4.2亿`;

export const targetCommand: Command = {
  name: 'target',
  aliases: ['目标'],
  summary: '按阶段权重拆分区域目标（主管设定、调整、发布；销售查看自己的目标）',
  examples: ['/目标 4.2亿 2026', '/目标 调整 小李 3200万', '/目标 发布', '/目标'],
  run({ services, member, args }) {
    const regionId = regionIdOf(services, member);
    if (regionId == null) return text('还没有区域，无法拆分目标。请先导入成员和客户。');
    if (args.length === 0) return show(services, member, regionId);
    if (member.role === 'rep') return text('设定、调整和发布目标由主管操作。发送 /目标 查看你自己的目标。');
    if (!isReviewer(member, regionId)) return text('只有本区主管可以设定目标。');
    const [head, ...rest] = args as [string, ...string[]];
    if (['adjust', '调整'].includes(head.toLowerCase())) return adjust(services, member, regionId, rest);
    if (['publish', '发布'].includes(head.toLowerCase())) return publish(services, member, regionId, rest[0]);
    return setTarget(services, member, regionId, args);
  },
};

function regionName(services: Services, regionId: number): string {
  return services.repos.regions.byId(regionId)?.name ?? '';
}

/** The period asked for, or the Chinese reason it cannot be used. */
function periodArg(services: Services, regionId: number, word: string | undefined): { period: string } | { error: string } {
  if (word === undefined) return { period: defaultPeriod(services, regionId) };
  const period = parsePeriod(word, services.today());
  if (!period) return { error: BAD_PERIOD(word) };
  const range = periodRangeError(period, services.today());
  return range ? { error: `${range}请检查「${word}」，例如 /目标 4.2亿 ${services.today().slice(0, 4)}` } : { period };
}

const BAD_PERIOD = (w: string) => `「${w}」不是期间。请写 2026（全年）、2026-Q4 或 Q4（本年第四季度）。`;

function show(services: Services, member: Member, regionId: number): Reply | Reply[] {
  const cur = currentSplit(services, regionId, member.role === 'rep');
  if (member.role === 'rep') {
    if (!cur?.version) return text('主管还没有发布本期目标。发布后发送 /目标 可以看到你的目标和名下客户的预期贡献。');
    return (
      repTargetCard(cur.period, cur.split, member.id, cur.version) ??
      text(
        `${cur.period} 的目标已发布（v${cur.version.version}），但那一版是在你加入之前拆分的，里面没有你。请主管重新拆分并发布，之后发送 /目标 查看你的目标。`,
      )
    );
  }
  if (!cur) return text(`还没有设定目标。${USAGE}`);
  const card = splitCard(regionName(services, regionId), cur.period, cur.split, cur.version);
  const missing = cur.version ? missingFromSplit(services, regionId, cur.split) : null;
  return missing && (missing.reps.length || missing.customers.length) ? [card, staleSplitCard(cur.period, cur.version!, missing)] : card;
}

/** 「按当前名单重新拆分」: the region's target for that period over today's reps and customers, as a new draft. */
export const targetResplitAction: ActionHandler = {
  action: 'target.resplit',
  run({ services, event, member }) {
    const regionId = regionIdOf(services, member);
    if (member.role === 'rep' || regionId == null || !isReviewer(member, regionId)) return notice('只有本区主管可以重新拆分目标。');
    const period = event.value.period ?? '';
    const target = services.repos.regions.target(regionId, period);
    if (target === null) return text(`${period} 还没有区域目标。请发送 /目标 <金额> ${period}`);
    const res = computeSplit(services, regionId, target);
    if (!res.ok) return text(`${res.error}。发送 /权重 查看或修改阶段权重。`);
    const v = services.db.transaction(() => saveVersion(services, regionId, period, res.split, member.id));
    return splitCard(regionName(services, regionId), period, res.split, v);
  },
};

function setTarget(services: Services, member: Member, regionId: number, args: string[]): Reply {
  const [fen, used] = parseAmountArgs(args);
  if (fen === null || fen <= 0) return text(BAD_AMOUNT(args.slice(0, used).join('')));
  const p = periodArg(services, regionId, args[used]);
  if ('error' in p) return text(p.error);
  const { period } = p;
  const res = computeSplit(services, regionId, fen);
  if (!res.ok) return text(`${res.error}。发送 /权重 查看或修改阶段权重。`);
  const v = services.db.transaction(() => {
    services.repos.targets.setRegionTarget(regionId, period, fen);
    return saveVersion(services, regionId, period, res.split, member.id);
  });
  return splitCard(regionName(services, regionId), period, res.split, v);
}

function adjust(services: Services, member: Member, regionId: number, args: string[]): Reply {
  const usage = '用法：/目标 调整 <销售> <新目标>，例如 /目标 调整 小李 3200万（差额从新市场储备中扣除或退回）';
  if (args.length < 2) return text(usage);
  const rep = findRep(services, regionId, args[0]!);
  if (!rep.ok) return text(`${rep.message}${usage}`);
  const [fen, used] = parseAmountArgs(args.slice(1));
  if (fen === null) return text(BAD_AMOUNT(args.slice(1, 1 + used).join('')));
  const p = periodArg(services, regionId, args[1 + used]);
  if ('error' in p) return text(p.error);
  const { period } = p;
  const latest = services.repos.targets.latest(regionId, period);
  if (!latest) return text(`${period} 还没有目标拆分。请先发送 /目标 <金额> ${period}，例如 /目标 4.2亿 ${period}`);
  const res = adjustRep(splitOf(latest), rep.value.id, fen);
  if (!res.ok) return text(`${res.error}。可以先调低其他人的目标把额度退回储备，或调高区域目标。`);
  const v = services.db.transaction(() => saveVersion(services, regionId, period, res.split, member.id));
  return splitCard(regionName(services, regionId), period, res.split, v);
}

function publish(services: Services, member: Member, regionId: number, word: string | undefined): Reply {
  const p = periodArg(services, regionId, word);
  if ('error' in p) return text(p.error);
  const { period } = p;
  const latest = services.repos.targets.latest(regionId, period);
  if (!latest) return text(`${period} 还没有目标拆分。请先发送 /目标 <金额> ${period}`);
  return publishVersion(services, member, latest.id);
}

/** Publishes a version if it is still the latest draft, and tells each rep their number by DM. */
function publishVersion(services: Services, member: Member, versionId: number): Reply {
  const { targets } = services.repos;
  const v = targets.byId(versionId);
  if (!v || !isReviewer(member, v.regionId)) return text('没有找到这个目标版本，请发送 /目标 查看当前版本。');
  if (targets.latest(v.regionId, v.period)?.id !== v.id) return text('这个版本已不是最新版本，请发送 /目标 查看最新版本后再发布。');
  const split = splitOf(v);
  const published = services.db.transaction(() => {
    if (!targets.publish(v.id, services.clock.now().getTime())) return false;
    for (const r of split.reps) {
      const msg = `${v.period} 目标已发布：你的目标 ${formatFen(r.targetFen)}。${r.reason}。发送 /目标 或 /地图 查看详情。`;
      notifyMember(services, r.repId, text(msg), `target-published:${v.id}:${r.repId}`);
    }
    return true;
  });
  if (!published) return text(`v${v.version} 已经发布过了。发送 /目标 查看。`);
  return splitCard(regionName(services, v.regionId), v.period, split, { ...v, status: 'published' });
}

export const targetPublishAction: ActionHandler = {
  action: 'target.publish',
  run({ services, event, member }) {
    if (member.role === 'rep') return notice('只有本区主管可以发布目标。');
    return publishVersion(services, member, Number(event.value.versionId));
  },
};
