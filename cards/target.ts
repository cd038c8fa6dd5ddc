import { type Colour, card, type Reply } from '../src/core/reply.js';
import type { TargetVersion } from '../src/db/repos/target-versions.repo.js';
import { formatFen } from '../src/domain/money.js';
import { STAGE_LABELS, STAGE_SHORT, STAGES } from '../src/domain/stages.js';
import type { CustomerShare, StageWeights, TargetSplit } from '../src/domain/target-split.js';

// Cards of the target split: the manager's whole table with the old way beside it, and a rep's own part.

export function weightsLine(w: StageWeights): string {
  return (['growing', 'incubating', 'stable', 'declining'] as const).map((s) => `${STAGE_SHORT[s]} ${w[s]}%`).join(' · ');
}

/** A rep with no sales last year has no old-way figure: 0 would read as "the old way gave him nothing". */
const oldWay = (r: TargetSplit['reps'][number]) => (r.noHistory ? '新人，无历史' : formatFen(r.oldWayFen));

/** What the old-way column shares out; versions saved before it was the distributable amount say so. */
function oldWayBasis(split: TargetSplit): string {
  if (split.distributableFen === undefined) return '此版本按区域目标全额、按去年业绩摊派（旧算法），重新拆分后按可分配额比较';
  return `按去年业绩摊派同一可分配额 ${formatFen(split.distributableFen)}（区域目标 ${formatFen(split.targetFen)} 减新市场储备 ${formatFen(split.reserveTotalFen)}），与新目标同口径比较`;
}

const signed = (fen: number) => (fen === 0 ? '0' : `${fen > 0 ? '+' : '-'}${formatFen(Math.abs(fen))}`);
const status = (v: TargetVersion | null) => (v ? `v${v.version}（${v.status === 'published' ? '已发布' : '草稿'}）` : '（预览，未保存）');

/** What makes a rep's number, in a few characters: customers per stage, then reserve and adjustment (孵3 成5 稳9 衰1). */
function makeUp(r: TargetSplit['reps'][number]): string {
  const stages = STAGES.filter((s) => r.stageCounts[s] > 0).map((s) => `${STAGE_SHORT[s].slice(0, 1)}${r.stageCounts[s]}`);
  const extra = [r.reserveFen > 0 ? `储备 +${formatFen(r.reserveFen)}` : '', r.adjustFen !== 0 ? `调整 ${signed(r.adjustFen)}` : ''].filter(
    Boolean,
  );
  return [stages.join(' ') || '暂无客户', ...extra].join(' · ');
}

/**
 * The manager's split. The reason is the same rule for every rep, so it is said once above the table and each row
 * shows only what differs (customers per stage, reserve, adjustment): the 理由 column repeated one long sentence per
 * rep and made the card 2,356 px tall at 390 px (issue 15).
 */
export function splitCard(regionName: string, period: string, split: TargetSplit, v: TargetVersion | null): Reply {
  const repSum = split.reps.reduce((a, r) => a + r.targetFen, 0);
  const exact = repSum + split.reserveFen === split.targetFen;
  const rows = split.reps.map((r) => [r.name, formatFen(r.targetFen), oldWay(r), r.noHistory ? '—' : signed(r.diffFen), makeUp(r)]);
  const colours = split.reps.map((r): (Colour | null)[] => [
    null,
    null,
    null,
    r.diffFen > 0 ? 'orange' : r.diffFen < 0 ? 'green' : null,
    null,
  ]);
  return card({
    title: `${regionName} ${period} 目标拆分 ${status(v)}`,
    colour: v?.status === 'published' ? 'green' : 'blue',
    headline: { label: '区域目标', value: formatFen(split.targetFen) },
    lines: [
      `理由：每人的新目标 = 名下客户按阶段从各自的池（${weightsLine(split.weightsPct)}）分得的份额，加主管分配的新市场储备，不按去年业绩。`,
      `旧方法对比：${oldWayBasis(split)}`,
      ...split.notes,
    ],
    fields: [
      {
        label: '新市场储备',
        value: `${split.reservePct}% · 共 ${formatFen(split.reserveTotalFen)}，未分配 ${formatFen(split.reserveFen)}`,
      },
      {
        label: '核对',
        value: exact
          ? `销售合计 ${formatFen(repSum)} + 未分配储备 = 区域目标 ✓`
          : `销售合计 ${formatFen(repSum)} + 未分配储备 ≠ 区域目标，请联系管理员`,
        emphasis: exact ? 'green' : 'red',
      },
    ],
    table: { columns: ['销售', '新目标', '按去年业绩摊派', '差额', '客户构成'], rows, colours },
    buttons:
      v && v.status === 'draft'
        ? [
            {
              label: `发布 v${v.version}`,
              action: 'target.publish',
              value: { versionId: String(v.id) },
              style: 'primary',
              confirm: `发布后会私信通知 ${split.reps.length} 位销售各自的目标。确定发布 v${v.version}？`,
            },
          ]
        : undefined,
    note: '调整某人：/目标 调整 小李 3200万（差额进出新市场储备，总额不变）；发布：/目标 发布；改权重：/权重 成长40 孵化15 稳定30 衰退5',
    more: '发送 /看板 下载「目标拆分」表看每人明细',
  });
}

const BASIS: Record<CustomerShare['basisSource'], string> = {
  baseline: '近四季采购',
  potential: '预估年潜力',
  median: '孵化客户中位数',
  even: '池内平均',
};

export function repTargetCard(period: string, split: TargetSplit, repId: number, v: TargetVersion | null): Reply | null {
  const r = split.reps.find((x) => x.repId === repId);
  if (!r) return null;
  const mine = split.customers
    .filter((c) => c.ownerId === repId)
    .sort((a, b) => STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage) || b.shareFen - a.shareFen);
  return card({
    title: `我的目标 · ${period} ${status(v)}`,
    colour: 'blue',
    headline: { label: '我的目标', value: formatFen(r.targetFen) },
    fields: [
      {
        label: '按去年业绩摊派',
        value: r.noHistory ? '新人，无历史（不与去年业绩比较）' : `${formatFen(r.oldWayFen)}（差额 ${signed(r.diffFen)}）`,
      },
      { label: '理由', value: r.reason },
    ],
    table: {
      columns: ['客户', '阶段', '预期贡献', '依据'],
      rows: mine.map((c) => [c.name, STAGE_SHORT[c.stage], formatFen(c.shareFen), BASIS[c.basisSource]]),
    },
    note: '发送 /地图 查看每周的动作安排',
    more: '发送 /地图 查看每位客户',
  });
}

/** /权重: the region's stage weights and the reserve; `line` says what a change just did. */
export function weightsCard(region: string, w: StageWeights, reservePct: number, line: string | null, usage: string): Reply {
  return card({
    title: `${region} · 阶段权重`,
    colour: line ? 'green' : 'blue',
    fields: [
      ...(['growing', 'incubating', 'stable', 'declining'] as const).map((s) => ({ label: STAGE_LABELS[s], value: `${w[s]}%` })),
      { label: '新市场储备', value: `${reservePct}%（由主管按需分配给销售）` },
    ],
    lines: line ? [line] : [],
    note: usage,
  });
}

/** The manager's /目标 when reps or customers joined after the shown version was split. */
export function staleSplitCard(period: string, v: TargetVersion, missing: { reps: string[]; customers: string[] }): Reply {
  const who = [
    missing.reps.length ? `销售 ${missing.reps.join('、')}` : '',
    missing.customers.length ? `客户 ${missing.customers.join('、')}` : '',
  ]
    .filter(Boolean)
    .join('；');
  return card({
    title: `${period} 目标拆分已过期`,
    colour: 'orange',
    lines: [`v${v.version}（${v.status === 'published' ? '已发布' : '草稿'}）拆分之后新增了：${who}。他们不在这一版里，目标没有覆盖他们。`],
    buttons: [{ label: '按当前名单重新拆分', action: 'target.resplit', value: { period }, style: 'primary' }],
    note: '重新拆分生成新的草稿（此前对个人的手动调整需重新设置），确认后发送 /目标 发布。',
  });
}
