import { repTeamCard, teamCard } from '../../cards/team.js';
import { type Reply, text } from '../core/reply.js';
import type { Member } from '../db/repos/members.repo.js';
import { isoWeek } from '../domain/dates.js';
import { median } from '../domain/team-metrics.js';
import { loadTeamData, regionIdOf, type TeamData } from '../method/metrics/region-data.js';
import { weekOf } from '../method/metrics/region-metrics.js';
import {
  attainmentLine,
  consensusLine,
  lastWeeks,
  profilesOf,
  rankingOf,
  regionTrend,
  repurchaseLine,
  transitionsLine,
  trendLine,
  warningsOf,
} from '../method/metrics/team-figures.js';
import { sentWarningReps } from '../method/reports/warnings.js';
import type { Services } from '../services.js';
import type { Command } from './types.js';

// /团队: the team figures (cards/team.ts says who sees what).

function managerCard(services: Services, data: TeamData, withRanking: boolean): Reply {
  const today = services.today();
  const last = weekOf(data, lastWeeks(today, 1)[0]!);
  // A warning sent this week is shown as sent, whatever a late log did to the rate since.
  const warned = new Set([...warningsOf(data, today).map((w) => w.repId), ...sentWarningReps(services, isoWeek(today))]);
  const name = new Map(data.reps.map((r) => [r.id, r.name]));
  // The region's completion of last week is the card's headline (cards/team.ts), not a line.
  const lines = [
    `近 6 周完成率：${trendLine(regionTrend(data, today))}`,
    attainmentLine(services, data, today),
    repurchaseLine(data),
    consensusLine(services, data.region.id),
    transitionsLine(data, today),
  ];
  return teamCard({
    region: data.region.name,
    today,
    lines,
    reps: data.reps.map((rep) => ({ name: rep.name, last: last.byRep.get(rep.id)!, warned: warned.has(rep.id) })),
    ranking: withRanking ? rankingOf(profilesOf(data, today).profiles).map((r) => ({ ...r, name: name.get(r.repId) ?? '' })) : null,
  });
}

function repCard(services: Services, data: TeamData, member: Member, askedRanking: boolean): Reply {
  const today = services.today();
  const last = weekOf(data, lastWeeks(today, 1)[0]!);
  const rates = [...last.byRep.values()].map((c) => c.rate).filter((r): r is number => r !== null);
  const myItems = { ...data, reps: data.reps.filter((r) => r.id === member.id) };
  return repTeamCard({
    name: member.name,
    last: last.byRep.get(member.id),
    trend: trendLine(regionTrend(myItems, today)),
    median: median(rates),
    askedRanking,
  });
}

export const teamCommand: Command = {
  name: 'team',
  aliases: ['团队'],
  summary: '团队数据：完成率趋势、复购周期、回款达成率、阶段共识率、阶段变化（销售只看自己和团队中位数）',
  examples: ['/团队', '/团队 排名'],
  run({ services, event, member, args }) {
    const regionId = regionIdOf(services, member);
    const data = regionId === null ? null : loadTeamData(services, regionId, services.today());
    if (!data) return text('你还没有归属的区域，请联系管理员把你加入一个区域。');
    const wantRanking = args.includes('排名') || args.includes('rank');
    if (member.role === 'rep') return repCard(services, data, member, wantRanking);
    if (wantRanking && event.chat.kind !== 'dm') return text('排名不在群里公开显示。请私聊我发送 /团队 排名。');
    return managerCard(services, data, wantRanking);
  },
};
