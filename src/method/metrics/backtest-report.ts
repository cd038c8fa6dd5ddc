import type { BacktestResult, Confusion, ErrorSummary, WarningReplay, WarningRule } from '../../domain/backtest.js';
import { percent } from '../../domain/completion.js';
import { formatFen } from '../../domain/money.js';
import type { StageAgreement } from '../../domain/stage-agreement.js';
import { STAGE_LABELS, STAGES } from '../../domain/stages.js';
import { DEFAULT_QUARTER_RISK } from '../../domain/warnings.js';

// Plain-text report of a backtest, for `npm run backtest` and docs/numbers.md.

const pctOrDash = (r: number | null) => (r === null ? '—' : percent(r));
const fenOrDash = (f: number | null) => (f === null ? '—' : formatFen(f));

const RULES: Record<WarningRule, string> = {
  completion: '动作完成率 < 70%',
  forecast: `已回款 + 剩余预测 < 目标（剩余按完成率折算，目标上浮 ${DEFAULT_QUARTER_RISK.errorWeight} × 本区回测误差）`,
  either: '两者任一',
};

function confusionLine(rule: WarningRule, c: Confusion): string {
  return `  ${RULES[rule].padEnd(18)} 精确率 ${pctOrDash(c.precision)}  召回率 ${pctOrDash(c.recall)}  (TP ${c.tp} FP ${c.fp} FN ${c.fn} TN ${c.tn})`;
}

/** '预测 12% · 去年同季 18% · 上季 15% · 比值 0.80（4 个季度）' */
export function baselineLine(s: ErrorSummary): string {
  const ratio = s.ratio === null ? '—' : s.ratio.toFixed(2);
  return `预测 ${pctOrDash(s.mape)} · 去年同季 ${pctOrDash(s.baselines.lastYear)} · 上季 ${pctOrDash(s.baselines.lastQuarter)} · 比值 ${ratio}（${s.n} 个季度）`;
}

function warningTable(ws: WarningReplay[]): string[] {
  const out = ['预警回放（第 2/4/6 周截止，同一规则；精确率/召回率，括号内 TP/FP/FN/TN）：'];
  out.push(`  ${'规则'.padEnd(18)} ${ws.map((w) => `第 ${w.weeks} 周`.padEnd(34)).join('')}`);
  for (const rule of ['completion', 'forecast', 'either'] as const) {
    const cells = ws.map((w) => {
      const c = w.rules[rule];
      return `${pctOrDash(c.precision)}/${pctOrDash(c.recall)} (${c.tp}/${c.fp}/${c.fn}/${c.tn})`.padEnd(34);
    });
    out.push(`  ${RULES[rule].padEnd(18)} ${cells.join('')}`);
  }
  const w = ws[0];
  if (w) {
    const misses = w.rows.filter((x) => x.actualMiss).length;
    out.push(
      `  计分 ${w.rows.length} 个销售-季度（实际未达标 ${misses} 个）；目标来自已发布拆分 ${w.targets.published} 个、按历史比例推算 ${w.targets.derived} 个；无目标（或目标为 0）未计入 ${w.noTarget} 个`,
    );
  }
  return out;
}

/**
 * '阶段建议与团队确认的阶段一致 62%（判断 120 家中 74 家：…；覆盖 120/134 家 = 90%，证据不足 14 家未判断）'.
 * The agreement is over the customers judged, so the coverage is always printed beside it.
 */
export function agreementLine(a: StageAgreement): string {
  const per = STAGES.filter((s) => a.byStage[s].judged > 0)
    .map((s) => `${STAGE_LABELS[s]} ${a.byStage[s].agree}/${a.byStage[s].judged}`)
    .join('，');
  const all = a.judged + a.insufficient;
  const cover = `覆盖 ${a.judged}/${all} 家 = ${pctOrDash(a.coverage)}，证据不足 ${a.insufficient} 家未判断`;
  return `阶段建议与团队确认的阶段一致 ${pctOrDash(a.rate)}（判断 ${a.judged} 家中 ${a.agree} 家${per ? `：${per}` : ''}；${cover}）`;
}

export function formatBacktest(regionName: string, r: BacktestResult, names: Map<number, string>): string {
  const out = [`## ${regionName}：回测 ${r.quarters.length} 个季度`];
  out.push('季度      预测回款    实际回款    误差    去年同季    上季        效果系数来源');
  for (const q of r.quarters) {
    const src =
      q.effects.source === 'team'
        ? `团队历史（高质量 ${q.effects.highQuality.toFixed(2)}，普通 ${q.effects.ordinary.toFixed(2)}）`
        : '文章默认';
    out.push(
      `${q.quarter}  ${formatFen(q.forecastFen).padStart(9)}  ${formatFen(q.actualFen).padStart(9)}  ${pctOrDash(q.ape).padStart(5)}   ${fenOrDash(q.naive.lastYear).padStart(9)}  ${fenOrDash(q.naive.lastQuarter).padStart(9)}   ${src}`,
    );
  }
  out.push(`MAPE（全区）：${pctOrDash(r.mape)}${r.skippedZeroActuals ? `（${r.skippedZeroActuals} 个季度无回款，未计入）` : ''}`);
  out.push(`对比朴素预测（同一批季度）：${baselineLine(r.vsBaselines)}`);
  out.push('MAPE（按销售，同一批季度对比朴素预测）：');
  for (const rep of r.byRep) {
    const skipped = rep.skippedZeroActuals ? `，${rep.skippedZeroActuals} 个无回款未计入` : '';
    out.push(
      `  ${(names.get(rep.repId) ?? `#${rep.repId}`).padEnd(6)} ${pctOrDash(rep.mape).padStart(5)}  (${rep.n} 个季度${skipped})  ${baselineLine(rep.vsBaselines)}`,
    );
  }
  const rows = r.earlyWarning.rows;
  out.push(`第 4 周预警（${rows.length} 个销售-季度，实际未达标 ${rows.filter((x) => x.actualMiss).length} 个）：`);
  for (const rule of ['completion', 'forecast', 'either'] as const) out.push(confusionLine(rule, r.earlyWarning.rules[rule]));
  out.push(...warningTable(r.warnings));
  if (r.stageFallbacks) out.push(`注：${r.stageFallbacks} 家客户的阶段历史不够早，回测时用了当前阶段。`);
  return out.join('\n');
}
