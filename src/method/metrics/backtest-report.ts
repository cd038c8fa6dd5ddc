import { percent } from '../../domain/completion.js';
import type { BacktestResult, Confusion, WarningRule } from '../../domain/backtest.js';
import { formatFen } from '../../domain/money.js';

// Plain-text report of a backtest, for `npm run backtest` and docs/numbers.md.

const pctOrDash = (r: number | null) => (r === null ? '—' : percent(r));

const RULES: Record<WarningRule, string> = {
  completion: '动作完成率 < 70%',
  forecast: '已回款 + 剩余预测 < 目标',
  either: '两者任一',
};

function confusionLine(rule: WarningRule, c: Confusion): string {
  return `  ${RULES[rule].padEnd(16)} 精确率 ${pctOrDash(c.precision)}  召回率 ${pctOrDash(c.recall)}  (TP ${c.tp} FP ${c.fp} FN ${c.fn} TN ${c.tn})`;
}

export function formatBacktest(regionName: string, r: BacktestResult, names: Map<number, string>): string {
  const out = [`## ${regionName}：回测 ${r.quarters.length} 个季度`];
  out.push('季度      预测回款    实际回款    误差    效果系数来源');
  for (const q of r.quarters) {
    const src = q.effects.source === 'team' ? `团队历史（高质量 ${q.effects.highQuality.toFixed(2)}，普通 ${q.effects.ordinary.toFixed(2)}）` : '文章默认';
    out.push(`${q.quarter}  ${formatFen(q.forecastFen).padStart(9)}  ${formatFen(q.actualFen).padStart(9)}  ${pctOrDash(q.ape).padStart(5)}   ${src}`);
  }
  out.push(`MAPE（全区）：${pctOrDash(r.mape)}${r.skippedZeroActuals ? `（${r.skippedZeroActuals} 个季度无回款，未计入）` : ''}`);
  out.push('MAPE（按销售）：');
  for (const rep of r.byRep) {
    out.push(`  ${(names.get(rep.repId) ?? `#${rep.repId}`).padEnd(6)} ${pctOrDash(rep.mape).padStart(5)}  (${rep.n} 个季度${rep.skippedZeroActuals ? `，${rep.skippedZeroActuals} 个无回款未计入` : ''})`);
  }
  const rows = r.earlyWarning.rows;
  out.push(`第 4 周预警（${rows.length} 个销售-季度，实际未达标 ${rows.filter((x) => x.actualMiss).length} 个）：`);
  for (const rule of ['completion', 'forecast', 'either'] as const) out.push(confusionLine(rule, r.earlyWarning.rules[rule]));
  if (r.stageFallbacks) out.push(`注：${r.stageFallbacks} 家客户的阶段历史不够早，回测时用了当前阶段。`);
  return out.join('\n');
}
