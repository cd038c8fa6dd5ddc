import { repTeamCard, teamCard } from '../../cards/team.js';
import { text } from '../core/reply.js';
import { teamViewFor } from '../method/heavy/offload.js';
import { regionIdOf } from '../method/metrics/region-data.js';
import type { Command } from './types.js';

// /团队: the team figures (cards/team.ts says who sees what). On a large region they are computed
// in the heavy worker (src/method/heavy/offload.ts); the command awaits them after the ack.

const NO_REGION = '你还没有归属的区域，请联系管理员把你加入一个区域。';

export const teamCommand: Command = {
  name: 'team',
  aliases: ['团队'],
  summary: '团队数据：完成率趋势、复购周期、回款达成率、阶段共识率、阶段变化（销售只看自己和团队中位数）',
  examples: ['/团队', '/团队 排名'],
  async run({ services, event, member, args }) {
    const regionId = regionIdOf(services, member);
    if (regionId === null || !services.repos.regions.byId(regionId)) return text(NO_REGION);
    const ranking = args.includes('排名') || args.includes('rank');
    if (ranking && member.role !== 'rep' && event.chat.kind !== 'dm') return text('排名不在群里公开显示。请私聊我发送 /团队 排名。');
    const view = await teamViewFor(services, { memberId: member.id, regionId, ranking });
    if (!view) return text(NO_REGION);
    return view.kind === 'rep' ? repTeamCard(view.data) : teamCard(view.data);
  },
};
