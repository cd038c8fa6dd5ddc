import { type CardReply, type Colour, card } from '../src/core/reply.js';
import { percent } from '../src/domain/completion.js';
import { STAGE_LABELS, STAGES } from '../src/domain/stages.js';
import type { Outcome, RankedRep, RepProfile, TeamMedian } from '../src/domain/team-metrics.js';

// /画像: what a rep does with each kind of customer (能力画像), over the quarter to date, beside
// the team median; `ranked` is the rep's line of the ranking normalised for stage mix.

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

export function profileCard(
  rep: string,
  p: RepProfile,
  all: RepProfile[],
  med: TeamMedian,
  ranked: RankedRep | undefined,
  period: string,
): CardReply {
  const fair = ranked?.expected == null ? '暂无应完成事项' : `${rate(ranked.rate)}，同样客户结构的团队期望 ${percent(ranked.expected)}`;
  return card({
    title: `${rep} · 能力画像（${period}）`,
    colour: 'blue',
    fields: [
      { label: '孵化型转成长型', value: `${outcomeText(p.conversion, '孵化型')}；团队中位数 ${rate(med.conversion)}` },
      { label: '稳定型保持住', value: `${outcomeText(p.retention, '稳定型')}；团队中位数 ${rate(med.retention)}` },
      { label: '衰退型挽回', value: `${outcomeText(p.rescue, '衰退型')}；团队中位数 ${rate(med.rescue)}` },
      {
        label: '动作完成率',
        value: `${rate(p.completion.rate)}（${p.completion.done}/${p.completion.due}）；团队中位数 ${rate(med.completion)}`,
      },
      { label: '按客户结构校正', value: fair },
    ],
    table: stageTable(p, all),
    note: '转化/保持/挽回按期初阶段计：期初孵化型在期内进入成长型；期初稳定型期末仍为稳定或成长；期初衰退型期末回到稳定或成长。',
  });
}
