import type { RepTeamData, TeamCardData } from '../../../cards/team.js';
import type { Member } from '../../db/repos/members.repo.js';
import { isoWeek } from '../../domain/dates.js';
import { median } from '../../domain/team-metrics.js';
import type { Services } from '../../services.js';
import { sentWarningReps } from '../reports/warnings.js';
import { loadTeamData, type TeamData } from './region-data.js';
import { weekOf } from './region-metrics.js';
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
} from './team-figures.js';

// What /团队 shows, as plain data for cards/team.ts: computed inline on a small region and in the
// heavy worker on a large one (2.6-3.3 s on the step-3 region), so it must cross a thread.

export type TeamView = { kind: 'manager'; data: TeamCardData } | { kind: 'rep'; data: RepTeamData };

export interface TeamViewArgs {
  memberId: number;
  regionId: number;
  ranking: boolean;
}

function managerView(services: Services, data: TeamData, withRanking: boolean): TeamCardData {
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
  return {
    region: data.region.name,
    today,
    lines,
    reps: data.reps.map((rep) => ({ name: rep.name, last: last.byRep.get(rep.id)!, warned: warned.has(rep.id) })),
    ranking: withRanking ? rankingOf(profilesOf(data, today).profiles).map((r) => ({ ...r, name: name.get(r.repId) ?? '' })) : null,
  };
}

function repView(services: Services, data: TeamData, member: Member, askedRanking: boolean): RepTeamData {
  const today = services.today();
  const last = weekOf(data, lastWeeks(today, 1)[0]!);
  const rates = [...last.byRep.values()].map((c) => c.rate).filter((r): r is number => r !== null);
  const myItems = { ...data, reps: data.reps.filter((r) => r.id === member.id) };
  return {
    name: member.name,
    last: last.byRep.get(member.id),
    trend: trendLine(regionTrend(myItems, today)),
    median: median(rates),
    askedRanking,
  };
}

/** Null when the member or the region is gone. A rep gets their own view whatever they asked. */
export function teamView(services: Services, { memberId, regionId, ranking }: TeamViewArgs): TeamView | null {
  const member = services.repos.members.byId(memberId);
  const data = member ? loadTeamData(services, regionId, services.today()) : null;
  if (!member || !data) return null;
  if (member.role === 'rep') return { kind: 'rep', data: repView(services, data, member, ranking) };
  return { kind: 'manager', data: managerView(services, data, ranking) };
}
