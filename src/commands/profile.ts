import { card, text, type Colour, type Reply } from '../core/reply.js';
import { percent } from '../domain/completion.js';
import { STAGES, STAGE_LABELS } from '../domain/stages.js';
import { visibleProfiles, type Outcome, type RepProfile, type TeamMedian } from '../domain/team-metrics.js';
import type { Member } from '../db/repos/members.repo.js';
import type { Services } from '../services.js';
import { loadTeamData, regionIdOf, type TeamData } from '../method/metrics/region-data.js';
import { profilesOf, rankingOf } from '../method/metrics/team-figures.js';
import type { Command } from './types.js';

// /画像: what a rep does with each kind of customer (能力画像), over the quarter to date, beside
// the team median. A rep sees only their own; a manager any rep of the region.

const rate = (r: number | null) => (r === null ? '暂无' : percent(r));

function outcomeText(o: Outcome, none: string): string {
  return o.base === 0 ? `暂无（期初没有${none}客户）` : `${o.hits}/${o.base}（${percent(o.rate!)}）`;
}

function stageTable(p: RepProfile, all: RepProfile[]) {
  const rows: string[][] = [];
  const colours: (Colour | null)[][] = [];
  for (const s of STAGES) {
    const c = p.completionByStage[s];
    const due = all.reduce((a, x) => a + x.completionByStage[s].due, 0);
    const done = all.reduce((a, x) => a + x.completionByStage[s].done, 0);
    rows.push([STAGE_LABELS[s], String(c.due), String(c.done), rate(c.rate), due === 0 ? '暂无' : percent(done / due)]);
    colours.push([null, null, null, c.rate === null ? null : c.rate < 0.7 ? 'red' : 'green', null]);
  }
  return { columns: ['动作包', '应完成', '完成', '完成率', '全队'], rows, colours };
}

function profileCard(rep: Member, p: RepProfile, all: RepProfile[], med: TeamMedian, period: string): Reply {
  const ranked = rankingOf(all).find((r) => r.repId === rep.id);
  const fair = ranked?.expected == null ? '暂无应完成事项' : `${rate(ranked.rate)}，同样客户结构的团队期望 ${percent(ranked.expected)}`;
  return card({
    title: `${rep.name} · 能力画像（${period}）`,
    colour: 'blue',
    fields: [
      { label: '孵化型转成长型', value: `${outcomeText(p.conversion, '孵化型')}；团队中位数 ${rate(med.conversion)}` },
      { label: '稳定型保持住', value: `${outcomeText(p.retention, '稳定型')}；团队中位数 ${rate(med.retention)}` },
      { label: '衰退型挽回', value: `${outcomeText(p.rescue, '衰退型')}；团队中位数 ${rate(med.rescue)}` },
      { label: '动作完成率', value: `${rate(p.completion.rate)}（${p.completion.done}/${p.completion.due}）；团队中位数 ${rate(med.completion)}` },
      { label: '按客户结构校正', value: fair },
    ],
    table: stageTable(p, all),
    note: '转化/保持/挽回按期初阶段计：期初孵化型在期内进入成长型；期初稳定型期末仍为稳定或成长；期初衰退型期末回到稳定或成长。',
  });
}

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
      return text(name ? `本区域没有名叫「${name}」的销售。可选：${names}` : `请写上销售的名字，例如 /画像 ${data.reps[0]?.name ?? '小李'}。可选：${names}`);
    }
    const { profiles, from, to } = profilesOf(data, services.today());
    // The rep was checked above; visibleProfiles is used for the team median every viewer may see.
    const { teamMedian } = visibleProfiles(member, profiles);
    const p = profiles.find((x) => x.repId === rep.id)!;
    return profileCard(rep, p, profiles, teamMedian, `${from.slice(5)} 至 ${to.slice(5)}`);
  },
};
