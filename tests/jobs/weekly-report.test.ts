import { describe, expect, it } from 'vitest';
import { sparkline } from '../../cards/report.js';
import { type CardReply, toPlainText } from '../../src/core/reply.js';
import { runWeeklyReport } from '../../src/jobs/weekly-report.js';
import { jobsSetup, MONDAY_0907, outboxRows } from './setup.js';

describe('runWeeklyReport (Monday 2026-11-30 09:07, fixed clock)', () => {
  it('writes one report per bound group, keyed by region, ISO week and platform, with a job run', () => {
    const { services, team } = jobsSetup();
    const r = runWeeklyReport(services, new Date(MONDAY_0907));
    const key = `weekly-report:${team.region.id}:2026-W49:console`;
    expect(r).toMatchObject({ job: 'weekly-report', period: '2026-W49', status: 'done', late: false, enqueued: [key] });
    const rows = outboxRows(services);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ idempotency_key: key, state: 'pending', target_id: 'console-group' });
    expect(services.repos.jobRuns.get('weekly-report', '2026-W49')).toMatchObject({ late: false });
  });

  it('shows per-rep completion, the region trend, heat, this week, forecast and an anonymous warning count', () => {
    const { services } = jobsSetup();
    runWeeklyReport(services, new Date(MONDAY_0907));
    const reply = JSON.parse(outboxRows(services)[0]!.payload_json) as CardReply;
    const text = toPlainText(reply);
    expect(reply.title).toBe('华东区 · 周一晨会（11月30日）');
    // 小李, week of 11-23: revisit, tech_qa, exec_visit all open.
    expect(reply.table!.rows).toContainEqual(['小李', '上周应完成 3 件，完成 0 件，0%', '无']);
    expect(reply.table!.rows).toContainEqual(['老王', '上周应完成 1 件，完成 1 件，100%', '无']);
    // The region's rate is said once, in the headline, with the week's dates.
    expect(reply.headline).toMatchObject({ label: '上周（11-23 至 11-29）区域完成率', value: '25%（1/4）' });
    expect(text).not.toMatch(/区域应完成 4 件/);
    expect(text).toMatch(/近 6 周完成率：····▃▃ 33%→25%/);
    expect(text).toMatch(/客户热力：绿 \d+ · 黄 \d+ · 红 \d+/);
    expect(text).toMatch(/未来 90 天预计回款：/);
    expect(text).toContain('预警：1 人连续 2 周完成率低于 70%，主管已单独跟进');
    expect(text).not.toMatch(/预警[^\n]*小李/);
  });

  it('carries the six-week trend as a chart with the warning line (drawn on Feishu)', () => {
    const { services } = jobsSetup();
    runWeeklyReport(services, new Date(MONDAY_0907));
    const reply = JSON.parse(outboxRows(services)[0]!.payload_json) as CardReply;
    expect(reply.chart!.points.map((p) => p.label)).toEqual(['10-19', '10-26', '11-02', '11-09', '11-16', '11-23']);
    expect(reply.chart!.points.slice(-2).map((p) => p.value)).toEqual([33, 25]);
    expect(reply.chart!.points[0]!.value).toBeNull();
    expect(reply.chart!.threshold).toEqual({ value: 70, label: '预警线 70%' });
  });

  it('names the reps on warning only when REPORT_SHOW_WARNING_NAMES is on', () => {
    const { services } = jobsSetup(MONDAY_0907, { REPORT_SHOW_WARNING_NAMES: 'true' });
    runWeeklyReport(services, new Date(MONDAY_0907));
    expect(toPlainText(JSON.parse(outboxRows(services)[0]!.payload_json))).toContain('预警（连续 2 周完成率低于 70%）：小李');
  });

  it('runs once per week: a second run writes nothing', () => {
    const { services } = jobsSetup();
    runWeeklyReport(services, new Date(MONDAY_0907));
    const again = runWeeklyReport(services, new Date('2026-11-30T05:00:00Z'));
    expect(again).toMatchObject({ status: 'already', enqueued: [] });
    expect(outboxRows(services)).toHaveLength(1);
  });

  it('posts only to platforms that are configured', () => {
    const { services, team } = jobsSetup();
    services.repos.regions.bindChat(team.region.id, 'feishu', 'oc_fake_chat_1');
    runWeeklyReport(services, new Date(MONDAY_0907));
    expect(outboxRows(services).map((r) => r.idempotency_key)).toEqual([`weekly-report:${team.region.id}:2026-W49:console`]);
  });
});

describe('sparkline', () => {
  it('draws rates on an absolute scale with first and last rate', () => {
    expect(sparkline([0.58, 0.6, 0.7, 0.65, 0.75, 0.79])).toBe('▅▅▆▆▇▇ 58%→79%');
    expect(sparkline([0, null, 1])).toBe('▁·█ 0%→100%');
    expect(sparkline([null, null])).toBe('·· 暂无数据');
  });
});
