import { mapCard } from '../../cards/map.js';
import { text } from '../core/reply.js';
import type { Member } from '../db/repos/members.repo.js';
import { regionIdOf } from '../method/metrics/region-data.js';
import { findRep } from '../method/people/resolve.js';
import { battleMapData } from '../method/plans/battle-map.js';
import type { Command } from './types.js';

// /map (/地图): the personal battle map (个人作战地图). A rep sees their own; a manager names a rep.

export const mapCommand: Command = {
  name: 'map',
  aliases: ['地图', '作战地图'],
  summary: '个人作战地图：客户阶段、预期贡献和本季度每周动作',
  examples: ['/地图', '/地图 小李（主管查看某位销售）'],
  run({ services, member, args }) {
    let who: Member = member;
    if (args[0] && args[0] !== member.name) {
      if (member.role === 'rep') return text('你只能查看自己的作战地图，发送 /地图 即可。');
      const regionId = regionIdOf(services, member);
      const rep = regionId == null ? null : findRep(services, regionId, args[0]);
      if (!rep?.ok) return text(rep?.message ?? '还没有区域。');
      who = rep.value;
    }
    const data = battleMapData(services, who.id, services.today(), member.role !== 'rep');
    return data ? mapCard(data, services.today()) : text('没有找到这位成员。');
  },
};
