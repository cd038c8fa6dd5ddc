import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.js';
import { agreementLine, formatBacktest } from '../../src/method/metrics/backtest-report.js';
import {
  historyQuarters,
  repQuarterTargets,
  repTargets,
  runRegionBacktest,
  suggestionAgreement,
} from '../../src/method/metrics/region-backtest.js';
import { loadRegionData } from '../../src/method/metrics/region-data.js';
import { regionWeek } from '../../src/method/metrics/region-metrics.js';
import { computeSplit, saveVersion } from '../../src/method/targets/target-ops.js';
import { testServices } from '../helpers/test-app.js';

// `npm run backtest` on the demo at the tests' fixed date: the figures docs/numbers.md reports.
describe('backtest of the demo (npm run backtest)', () => {
  const { services } = testServices();
  seedDemo(services);
  const data = loadRegionData(services, 1)!;
  const today = services.today();

  it('replays the seven complete quarters after the first collection', () => {
    expect(historyQuarters(data, today)).toEqual(['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3']);
  });

  it('derives rep targets that add up to the region quarter target (4.2亿 / 4 in 2026)', () => {
    const t = repQuarterTargets(services, data, ['2026-Q3'])['2026-Q3']!;
    expect(Math.abs(Object.values(t).reduce((a, b) => a + b, 0) - 10_500_000_000)).toBeLessThanOrEqual(12);
  });

  it("reports MAPE overall and per rep and the week-4 warning's precision and recall", () => {
    const r = runRegionBacktest(services, data, today);
    expect(r.quarters).toHaveLength(7);
    // The demo's figures are reported, not tuned (docs/numbers.md).
    expect(r.mape).toBeCloseTo(0.149, 2);
    expect(r.vsBaselines).toMatchObject({ n: 4, mape: expect.closeTo(0.099, 2) });
    expect(r.byRep).toHaveLength(12);
    // 12 reps x 7 quarters: the 2025 quarters have no target on file and nothing a year earlier to derive one.
    expect(r.earlyWarning.rows).toHaveLength(44);
    expect(r.warnings[1]!.noTarget).toBe(40);
    const text = formatBacktest('华东区', r, new Map(data.members.map((m) => [m.id, m.name])));
    expect(text).toContain('MAPE（全区）：15%');
    expect(text).toContain('对比朴素预测（同一批季度）：预测 10% · 去年同季 16% · 上季 21% · 比值 0.62（4 个季度）');
    expect(text).toMatch(/第 2 周.*第 4 周.*第 6 周/);
    expect(text).toContain('无目标（或目标为 0）未计入 40 个');
    expect(text).toMatch(/小李 +100%/);
    expect(text).toContain('已回款 + 剩余预测 < 目标');
    expect(text).toMatch(/精确率 \d+% {2}召回率 \d+%/);
    // The quarter-gap rule at week 4 (docs/numbers.md, "Figures on the demo").
    expect(r.earlyWarning.rules.forecast).toMatchObject({ tp: 11, fp: 11, fn: 2, tn: 20 });
  });

  it("reports the stage suggestion's agreement with the confirmed stages, 证据不足 counted apart", () => {
    const a = suggestionAgreement(services, data, today);
    expect(a.judged + a.insufficient).toBe(data.customers.length);
    expect(a).toMatchObject({ judged: 123, agree: 123, insufficient: 75 });
    expect(agreementLine(a)).toMatch(
      /^阶段建议与团队确认的阶段一致 \d+%（判断 \d+ 家中 \d+ 家：.*；覆盖 \d+\/\d+ 家 = \d+%，证据不足 \d+ 家未判断）$/,
    );
  });

  it("reads rep targets from the split published for the quarter (or a quarter of the year's), else derives them", () => {
    // Its own database: publishing must not change the figures the other cases read.
    const { services } = testServices();
    seedDemo(services);
    const data = loadRegionData(services, 1)!;
    const manager = data.members.find((m) => m.role === 'manager')!;
    const res = computeSplit(services, 1, 8_000_000_000);
    if (!res.ok) throw new Error(res.error);
    const v = saveVersion(services, 1, '2026-Q2', res.split, manager.id);
    const draft = repTargets(services, data, ['2026-Q2']);
    expect(draft.sources['2026-Q2']).toBe('derived');
    services.repos.targets.publish(v.id, 1);
    const t = repTargets(services, data, ['2026-Q2', '2026-Q3']);
    expect(t.sources).toEqual({ '2026-Q2': 'published', '2026-Q3': 'derived' });
    expect(t.targets['2026-Q2']).toEqual(Object.fromEntries(res.split.reps.map((r) => [r.repId, r.targetFen])));
    const y = saveVersion(services, 1, '2026', res.split, manager.id);
    services.repos.targets.publish(y.id, 2);
    const rep = res.split.reps[0]!;
    expect(repTargets(services, data, ['2026-Q3']).targets['2026-Q3']![rep.repId]).toBe(Math.round(rep.targetFen / 4));
  });

  it('gives the Monday report every rep of the region for a week, nothing-due reps included', () => {
    const w = regionWeek(services, 1, '2026-11-16')!;
    expect(w.byRep.size).toBe(12);
    expect(w.region.due).toBe([...w.byRep.values()].reduce((s, c) => s + c.due, 0));
  });
});
