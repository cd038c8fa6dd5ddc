import { profileCard } from '../../cards/profile.js';
import { text } from '../core/reply.js';
import type { Member } from '../db/repos/members.repo.js';
import { visibleProfiles } from '../domain/team-metrics.js';
import { loadTeamData, regionIdOf, type TeamData } from '../method/metrics/region-data.js';
import { profilesOf, rankingOf } from '../method/metrics/team-figures.js';
import type { Command } from './types.js';

// /画像: what a rep does with each kind of customer (能力画像), over the quarter to date, beside
// the team median. A rep sees only their own; a manager any rep of the region.

function findRep(data: TeamData, name: string): Member | null {
  return data.reps.find((r) => r.name === name) ?? null;
}

export const profileCommand: Command = {
  name: 'profile',
  aliases: ['画像'],
  summary: '能力画像：孵化转化、稳定保持、衰退挽回、各阶段动作完成率（销售只能看自己）',
  examples: ['/画像', '/画像 小李'],
  run({ services, member, args }) {
    const regionId = regionIdOf(services, member);
    const data = regionId === null ? null : loadTeamData(services, regionId, services.today());
    if (!data) return text('你还没有归属的区域，请联系管理员把你加入一个区域。');
    const name = args[0];
    if (member.role === 'rep' && name && name !== member.name) {
      return text(`你只能查看自己的能力画像，不能查看${name}的。发送 /画像 查看你自己的（里面有团队中位数可作对比）。`);
    }
    const rep = member.role === 'rep' ? member : name ? findRep(data, name) : null;
    if (!rep) {
      const names = data.reps.map((r) => r.name).join('、');
      return text(
        name
          ? `本区域没有名叫「${name}」的销售。可选：${names}`
          : `请写上销售的名字，例如 /画像 ${data.reps[0]?.name ?? '小李'}。可选：${names}`,
      );
    }
    const { profiles, from, to } = profilesOf(data, services.today());
    // The rep was checked above; visibleProfiles is used for the team median every viewer may see.
    const { teamMedian } = visibleProfiles(member, profiles);
    const p = profiles.find((x) => x.repId === rep.id)!;
    return profileCard(
      rep.name,
      p,
      profiles,
      teamMedian,
      rankingOf(profiles).find((r) => r.repId === rep.id),
      `${from.slice(5)} 至 ${to.slice(5)}`,
    );
  },
};
