import { type CardReply, type Colour, card } from '../src/core/reply.js';
import { percent, type WeekCompletion } from '../src/domain/completion.js';
import type { RankedRep } from '../src/domain/team-metrics.js';

// /团队: the team figures. A manager sees the region, rep by rep in a fixed order (never a league
// table); `/团队 排名` adds a ranking normalised for stage mix, in a private chat only. A rep sees
// their own completion beside the team median, nobody else's.

export interface TeamRepRow {
  name: string;
  last: WeekCompletion;
  warned: boolean;
}

export interface TeamCardData {
  region: string;
  today: string;
  /** The figure lines the application layer words (completion, trend, attainment, repurchase…). */
  lines: string[];
  reps: TeamRepRow[];
  /** Only in a private chat; null otherwise. */
  ranking: Array<RankedRep & { name: string }> | null;
}

function repTable(reps: TeamRepRow[]) {
  const rows: string[][] = [];
  const colours: (Colour | null)[][] = [];
  for (const { name, last: c, warned } of reps) {
    rows.push([name, String(c.due), String(c.done), c.rate === null ? '—' : percent(c.rate), warned ? '⚠ 连续两周 <70%' : '']);
    colours.push([null, null, null, c.rate === null ? null : c.rate < 0.7 ? 'red' : 'green', warned ? 'red' : null]);
  }
  return { columns: ['销售', '上周应完成', '完成', '完成率', '预警'], rows, colours };
}

function rankingLines(ranked: Array<RankedRep & { name: string }>): string[] {
  return [
    '按客户结构校正的排名（本季度至今：实际完成率 − 同结构团队期望）：',
    ...ranked.map((r) =>
      r.rank === null
        ? `  ${r.name}：暂无应完成事项`
        : `  ${r.rank}. ${r.name} ${percent(r.rate!)}（期望 ${percent(r.expected!)}，${r.score! >= 0 ? '+' : ''}${Math.round(r.score! * 100)} 个百分点）`,
    ),
  ];
}

/** The region's completion of last week, from the reps' rows: the figure a manager looks at first. */
function teamRate(reps: TeamRepRow[]): { label: string; value: string; emphasis: Colour } {
  const due = reps.reduce((n, r) => n + r.last.due, 0);
  const done = reps.reduce((n, r) => n + r.last.done, 0);
  if (due === 0) return { label: '上周团队完成率', value: '无应完成事项', emphasis: 'grey' };
  return { label: '上周团队完成率', value: `${percent(done / due)}（${done}/${due}）`, emphasis: done / due < 0.7 ? 'red' : 'green' };
}

export function teamCard(d: TeamCardData): CardReply {
  return card({
    title: `${d.region} · 团队数据（${d.today}）`,
    colour: 'blue',
    headline: teamRate(d.reps),
    lines: [...d.lines, ...(d.ranking ? rankingLines(d.ranking) : [])],
    table: repTable(d.reps),
    note: d.ranking ? '排名只在私聊中显示，请勿转发。' : '销售按名单顺序列出，不做公开排名。私聊发送 /团队 排名 查看按客户结构校正的排名。',
    more: '发送 /看板 查看每位销售',
  });
}

export interface RepTeamData {
  name: string;
  last: WeekCompletion | undefined;
  trend: string;
  median: number | null;
  askedRanking?: boolean;
}

export function repTeamCard(d: RepTeamData): CardReply {
  return card({
    title: `${d.name} · 我和团队`,
    colour: 'blue',
    headline: {
      label: '我上周完成率',
      value: d.last?.rate == null ? '无应完成事项' : `${percent(d.last.rate)}（${d.last.done}/${d.last.due}）`,
      emphasis: d.last?.rate == null ? 'grey' : d.median !== null && d.last.rate < d.median ? 'orange' : 'green',
    },
    lines: [
      `我近 6 周：${d.trend}`,
      `团队中位数：上周完成率 ${d.median === null ? '暂无' : percent(d.median)}`,
      // Said, not silently dropped: a rep who typed /团队 排名 learns why there is none.
      ...(d.askedRanking ? ['排名只对主管开放：每个人的客户结构不同，直接比较并不公平。你可以和团队中位数比。'] : []),
    ],
    note: '你能看到自己的明细和团队中位数；区域明细只对主管开放。发送 /画像 查看你的能力画像。',
  });
}
