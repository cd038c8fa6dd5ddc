import { card, text, type Colour, type Reply } from '../core/reply.js';
import { completionLine, percent } from '../domain/completion.js';
import { isoWeek, type LocalDate } from '../domain/dates.js';
import { sentWarningReps } from '../method/reports/warnings.js';
import { median } from '../domain/team-metrics.js';
import type { Member } from '../db/repos/members.repo.js';
import type { Services } from '../services.js';
import { loadTeamData, regionIdOf, type TeamData } from '../method/metrics/region-data.js';
import { weekOf } from '../method/metrics/region-metrics.js';
import {
  attainmentLine, consensusLine, lastWeeks, profilesOf, rankingOf, regionTrend, repurchaseLine,
  transitionsLine, trendLine, warningsOf,
} from '../method/metrics/team-figures.js';
import type { Command } from './types.js';

// /团队: the team figures. A manager sees the region, rep by rep in a fixed order (never a league
// table); `/团队 排名` adds a ranking normalised for stage mix, in a private chat only. A rep sees
// their own completion beside the team median, nobody else's.

function repTable(services: Services, data: TeamData, today: LocalDate) {
  const last = weekOf(data, lastWeeks(today, 1)[0]!);
  // A warning sent this week is shown as sent, whatever a late log did to the rate since.
  const warned = new Set([...warningsOf(data, today).map((w) => w.repId), ...sentWarningReps(services, isoWeek(today))]);
  const rows: string[][] = [];
  const colours: (Colour | null)[][] = [];
  for (const rep of data.reps) {
    const c = last.byRep.get(rep.id)!;
    rows.push([rep.name, String(c.due), String(c.done), c.rate === null ? '—' : percent(c.rate), warned.has(rep.id) ? '⚠ 连续两周 <70%' : '']);
    colours.push([null, null, null, c.rate === null ? null : c.rate < 0.7 ? 'red' : 'green', warned.has(rep.id) ? 'red' : null]);
  }
  return { columns: ['销售', '上周应完成', '完成', '完成率', '预警'], rows, colours };
}

function rankingLines(data: TeamData, today: LocalDate): string[] {
  const name = new Map(data.reps.map((r) => [r.id, r.name]));
  const ranked = rankingOf(profilesOf(data, today).profiles);
  return ['按客户结构校正的排名（本季度至今：实际完成率 − 同结构团队期望）：', ...ranked.map((r) =>
    r.rank === null ? `  ${name.get(r.repId)}：暂无应完成事项` : `  ${r.rank}. ${name.get(r.repId)} ${percent(r.rate!)}（期望 ${percent(r.expected!)}，${r.score! >= 0 ? '+' : ''}${Math.round(r.score! * 100)} 个百分点）`)];
}

function managerCard(services: Services, data: TeamData, withRanking: boolean): Reply {
  const today = services.today();
  const last = weekOf(data, lastWeeks(today, 1)[0]!);
  const lines = [
    `全区${completionLine(last.region)}`,
    `近 6 周完成率：${trendLine(regionTrend(data, today))}`,
    attainmentLine(services, data, today),
    repurchaseLine(data),
    consensusLine(services, data.region.id),
    transitionsLine(data, today),
    ...(withRanking ? rankingLines(data, today) : []),
  ];
  return card({
    title: `${data.region.name} · 团队数据（${today}）`, colour: 'blue', lines, table: repTable(services, data, today),
    note: withRanking ? '排名只在私聊中显示，请勿转发。' : '销售按名单顺序列出，不做公开排名。私聊发送 /团队 排名 查看按客户结构校正的排名。',
  });
}

function repCard(services: Services, data: TeamData, member: Member): Reply {
  const today = services.today();
  const last = weekOf(data, lastWeeks(today, 1)[0]!);
  const mine = last.byRep.get(member.id);
  const rates = [...last.byRep.values()].map((c) => c.rate).filter((r): r is number => r !== null);
  const med = median(rates);
  const myItems = { ...data, reps: data.reps.filter((r) => r.id === member.id) };
  return card({
    title: `${member.name} · 我和团队`, colour: 'blue',
    lines: [
      `我：${mine ? completionLine(mine) : '上周无应完成事项'}`,
      `我近 6 周：${trendLine(regionTrend(myItems, today))}`,
      `团队中位数：上周完成率 ${med === null ? '暂无' : percent(med)}`,
    ],
    note: '你能看到自己的明细和团队中位数；区域明细只对主管开放。发送 /画像 查看你的能力画像。',
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
    if (member.role === 'rep') return repCard(services, data, member);
    const wantRanking = args.includes('排名') || args.includes('rank');
    if (wantRanking && event.chat.kind !== 'dm') return text('排名不在群里公开显示。请私聊我发送 /团队 排名。');
    return managerCard(services, data, wantRanking);
  },
};
