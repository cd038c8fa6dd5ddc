import { text } from '../../core/reply.js';
import { replayOf } from '../../domain/backtest-replay.js';
import { type WarningRow, warningRows } from '../../domain/backtest-warning.js';
import { addDays, type LocalDate, quarterOf, quarterStart, weekStart } from '../../domain/dates.js';
import { DEFAULT_FORECAST } from '../../domain/forecast.js';
import { formatFen } from '../../domain/money.js';
import { DEFAULT_QUARTER_RISK, quarterRisk, warningHandlers } from '../../domain/warnings.js';
import type { Services } from '../../services.js';
import { memberDm } from '../delivery/recipients.js';
import type { OutMessage } from '../delivery/types.js';
import { backtestInput, cachedCalibration, publishedTargets } from '../metrics/region-backtest.js';
import { loadRegionData } from '../metrics/region-data.js';

// The week-4 quarter-gap warning (docs/method.md step 3, "85% of a quarter's gap is visible by
// week 4"). On the Monday after week 4 of a quarter (week 1 holds its first day), each rep with a
// published target whose projection misses it (quarterRisk, src/domain/warnings.ts) is reported to
// their manager. The projection is computed by the same replay and the same rule that
// `npm run backtest` scores (backtest-warning.ts), as of the same cutoff: one rule, one source.
// Only published splits count here: a rep is not warned against a target nobody set.

export const RISK_WEEK = 4;

/** The Monday after week RISK_WEEK of the quarter holding `today`, when today's week starts on it. */
export function riskCutoff(today: LocalDate): LocalDate | null {
  const quarter = quarterOf(today);
  const cutoff = addDays(weekStart(quarterStart(quarter)), 7 * RISK_WEEK);
  return weekStart(today) === cutoff ? cutoff : null;
}

/** Reps of the region at risk of missing the quarter, as of this week's Monday; [] in other weeks. */
export function quarterRiskRows(services: Services, regionId: number, today: LocalDate): WarningRow[] {
  if (riskCutoff(today) === null) return [];
  const quarter = quarterOf(today);
  const targets = publishedTargets(services, regionId, quarter);
  if (!targets) return [];
  const data = loadRegionData(services, regionId);
  if (!data) return [];
  const replay = replayOf(backtestInput(data, [quarter], { [quarter]: targets }));
  // The calibration's MAPE is the backtest's error over the complete quarters before this one: the
  // margin the backtest scored the rule with (errorsBefore in backtest-warning.ts).
  const cal = cachedCalibration(services, regionId, today);
  const repIds = data.reps.map((r) => r.id);
  const actualByRep = new Map<number, number>();
  const q = { quarter, weeks: RISK_WEEK, risk: DEFAULT_QUARTER_RISK, targets, repIds, actualByRep, regionError: cal.mape };
  return warningRows(replay, DEFAULT_FORECAST, q, cal.effects).rows.filter((r) => r.predicted.forecast);
}

/** One DM per handler of each rep at risk, keyed by rep, quarter and manager. */
export function quarterRiskMessages(services: Services, regionId: number, today: LocalDate): { messages: OutMessage[]; repIds: number[] } {
  const rows = quarterRiskRows(services, regionId, today);
  if (rows.length === 0) return { messages: [], repIds: [] };
  const members = services.repos.members.inRegion(regionId);
  const messages: OutMessage[] = [];
  for (const row of rows) {
    const rep = members.find((m) => m.id === row.repId);
    if (!rep) continue;
    for (const manager of warningHandlers(members, rep)) {
      const dm = memberDm(services, manager.id);
      if (dm)
        messages.push({ key: `quarter-risk:${rep.id}:${row.quarter}:manager:${manager.id}`, ...dm, reply: text(riskText(rep.name, row)) });
    }
  }
  return { messages, repIds: rows.map((r) => r.repId) };
}

export function riskText(name: string, r: WarningRow): string {
  const risk = quarterRisk(r, DEFAULT_QUARTER_RISK);
  const rate = r.completionRate === null ? '本季度暂无到期动作' : `本季度动作完成率 ${Math.round(r.completionRate * 100)}%`;
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  const c = DEFAULT_QUARTER_RISK;
  const rule = `完成率低于 ${pct(c.threshold)} 时剩余部分按差距的 ${c.shortfallWeight} 倍下调`;
  const gap =
    risk.adjustedFen < r.targetFen
      ? `比目标少 ${formatFen(r.targetFen - risk.adjustedFen)}`
      : `只比目标多 ${formatFen(risk.adjustedFen - r.targetFen)}`;
  return [
    `【季度缺口预警】${name}（${r.quarter} 第 ${RISK_WEEK} 周）`,
    `本季度目标 ${formatFen(r.targetFen)}；已回款 ${formatFen(r.collectedFen)}，剩余预测 ${formatFen(r.receivablesFen + r.newOrdersFen)}（应收 ${formatFen(r.receivablesFen)}、新订单 ${formatFen(r.newOrdersFen)}）`,
    `${rate}；按规则（${rule}）预计 ${formatFen(risk.adjustedFen)}，${gap}`,
    marginLine(r.regionError, risk.margin, risk.lineFen),
    '建议本周和该销售对一遍剩余季度的回款和动作计划。',
  ].join('\n');
}

/** The one sentence that explains the warning line (docs/numbers.md, "Quarter-gap warning"). */
function marginLine(regionError: number | null, margin: number, lineFen: number): string {
  const pct1 = (x: number) => `${(x * 100).toFixed(1)}%`;
  const why =
    regionError === null
      ? '本区还没有回测过的预测误差，按默认'
      : `本区季度预测的回测误差为 ${pct1(regionError)}，取其 ${DEFAULT_QUARTER_RISK.errorWeight} 倍，预测偏差在这个范围内很常见`;
  return `预计低于目标上浮 ${pct1(margin)} 即预警（${why}）：预警线 ${formatFen(lineFen)}。`;
}
