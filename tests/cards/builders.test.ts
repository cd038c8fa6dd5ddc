import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { heatCard } from '../../cards/heat.js';
import { itemRows } from '../../cards/items.js';
import { type LogCardData, logChoicesCard, logConfirmationCard } from '../../cards/log.js';
import { myCard } from '../../cards/my.js';
import { type WeeklyReportData, weeklyReportCard, weeklyReportPreview } from '../../cards/report.js';
import { stageReviewCard } from '../../cards/stage-review.js';
import { nudgeCard, warningCard } from '../../cards/warning.js';
import { toPlainText } from '../../src/core/reply.js';

// The card builders are pure: data in, neutral card out. These pin what each one words from fixed
// data; what the platforms make of the cards is tested in tests/cards/golden.test.ts.

const log: LogCardData = {
  logId: 7,
  action: '现场回访',
  customer: '华东重工',
  stage: 'incubating',
  date: '2026-12-02',
  note: null,
  loggedFor: null,
  completed: { period: '2026-W49', dueDate: '2026-12-03' },
  inPack: true,
  duplicate: false,
  week: { done: 3, due: 5 },
};

describe('cards/', () => {
  it('import only src/core, src/domain and types of src/db (no services, repos, clock or platform)', () => {
    const dir = join(import.meta.dirname, '../../cards');
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
      const src = readFileSync(join(dir, f), 'utf8');
      for (const m of src.matchAll(/^import (type )?[^;]*? from '([^']+)';/gms)) {
        const [, isType, from] = m as unknown as [string, string | undefined, string];
        const ok =
          from.startsWith('./') ||
          from.startsWith('../src/core/') ||
          from.startsWith('../src/domain/') ||
          (isType && from.startsWith('../src/db/'));
        expect(ok, `${f} imports ${from}`).toBe(true);
      }
    }
  });

  it('are the only callers of card() outside core and the platforms', () => {
    const offenders: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, e.name);
        if (e.isDirectory()) {
          if (!['core', 'platforms'].includes(e.name)) walk(p);
          continue;
        }
        if (p.endsWith('.ts') && /\bcard\(\{/.test(readFileSync(p, 'utf8'))) offenders.push(p);
      }
    };
    walk(join(import.meta.dirname, '../../src'));
    expect(offenders).toEqual([]);
  });

  it('log confirmation: the completed item, the week and the two buttons', () => {
    const c = logConfirmationCard(log);
    expect(c.title).toBe('已记录：现场回访 · 华东重工');
    // Compact: two lines under the title, no full-width rows.
    expect(c.lines).toEqual(['孵化型客户 · 12-02', '第49周 现场回访（计划 12-03）✓ · 本周 3/5']);
    expect(c.fields ?? []).toEqual([]);
    expect(c.buttons?.map((b) => [b.action, b.value.logId])).toEqual([
      ['log.undo', '7'],
      ['log.reject', '7'],
    ]);
    const outside = logConfirmationCard({ ...log, inPack: false, completed: null, duplicate: true });
    expect(outside.colour).toBe('orange');
    expect(outside.lines?.[0]).toContain('之前已经记录过');
    expect(outside.lines?.at(-1)).toContain('不计入完成率');
  });

  it('log choices: at most three buttons carrying the date, note and source', () => {
    const pairs = [1, 2, 3, 4].map((i) => ({ action: { code: 'a', name: '回访' }, customer: { id: i, name: `客户${i}` } }));
    const c = logChoicesCard(pairs, { date: '2026-12-02', note: '', source: 'm1' });
    expect(c.buttons).toHaveLength(3);
    expect(c.buttons?.[2]?.value).toEqual({ date: '2026-12-02', note: '', source: 'm1', action: 'a', customer: '3' });
  });

  it('stage review: agree with the pick plus the three other stages', () => {
    const c = stageReviewCard({
      reviewId: 4,
      customer: { name: '华东重工', stage: 'incubating' },
      rep: '小李',
      pick: 'growing',
      suggested: 'incubating',
      reason: '',
      evidence: '首单 3 个月',
    });
    expect(c.colour).toBe('orange');
    expect(c.buttons?.map((b) => b.label)).toEqual(['同意（成长）', '改为孵化', '改为稳定', '改为衰退']);
    expect(c.fields).toContainEqual({ label: '理由', value: '采纳系统建议' });
  });

  it('item rows word overdue days from the date passed in', () => {
    const rows = itemRows(
      [
        { id: 1, dueDate: '2026-11-28', customer: '华东重工', action: '回访' },
        { id: 2, dueDate: '2026-12-02', customer: '金陵机床', action: '答疑' },
      ],
      '2026-12-02',
    );
    expect(rows).toEqual([
      ['11-28', '华东重工', '回访', '逾期 4 天'],
      ['12-02', '金陵机床', '答疑', '今天'],
    ]);
  });

  it('warning and nudge: rates per week, overdue count, the three follow-up buttons', () => {
    const warning = {
      repId: 9,
      weeks: [
        { week: '2026-11-16', rate: 0.5 },
        { week: '2026-11-23', rate: 0.4 },
      ],
    };
    const c = warningCard({
      rep: { id: 9, name: '小孙' },
      warning,
      threshold: 0.7,
      items: [],
      itemsTotal: 0,
      overdueTotal: 0,
      today: '2026-12-02',
    });
    expect(c.title).toBe('预警：小孙 连续 2 周完成率低于 70%');
    expect(c.fields?.map((f) => f.label)).toEqual(['11月16日那周', '11月23日那周']); // weeks by their Monday, not 2026-W47
    expect(c.lines).toEqual(['目前没有还能补做或本周、下周到期的事项。']);
    expect(c.buttons?.map((b) => b.action)).toEqual(['warning.coach', 'warning.resources', 'warning.ack']);
    expect(c.buttons?.[0]?.value).toEqual({ repId: '9', week: '2026-11-30' });
    expect(nudgeCard('小孙', warning, [], '2026-12-02').lines?.[0]).toContain('50%、40%');
  });

  const cell = (stage: 'stable' | 'declining', green: number, yellow: number, red: number) => ({
    stage,
    repId: 1,
    green,
    yellow,
    red,
    customers: { green: [], yellow: [], red: [] },
  });

  it('heat: counts first, the hot list with owners, a rep x stage grid', () => {
    const c = heatCard({
      scope: { kind: 'region', name: '华东区' },
      today: '2026-12-02',
      counts: { green: 5, yellow: 1, red: 1 },
      customers: 7,
      hot: [{ name: '绍兴纺机', owner: '小孙', stage: 'declining', colour: 'red', reason: '2 项逾期' }],
      hotTotal: 3,
      grid: [{ rep: '小孙', cells: [null, null, cell('stable', 1, 0, 0), cell('declining', 0, 1, 1)] }],
    });
    expect(c.colour).toBe('red');
    expect(c.lines).toEqual(['绿 5 · 黄 1 · 红 1（共 7 家）', '🔴 绍兴纺机（小孙，衰退）：2 项逾期', '……另有 2 家']);
    expect(c.table?.rows).toEqual([['小孙', '—', '—', '绿1', '黄1 红1']]);
    expect(c.table?.colours?.[0]).toEqual([null, null, null, 'green', 'red']);
  });

  it('/我的: no items and no logs say so', () => {
    const c = myCard({ name: '小李', today: '2026-12-02', items: [], lastWeek: { due: 0, done: 0 }, logs: [] });
    expect(c.table).toBeUndefined();
    expect(c.lines).toEqual(['本周没有到期的待办。', '本周还没有记录。']);
    expect(c.headline).toMatchObject({ label: '进度', value: '本周无待办' }); // not 「本周 0/0」
  });

  it('Monday report: every rep a row, warnings as a count unless names are allowed, a preview variant', () => {
    const data: WeeklyReportData = {
      region: '华东区',
      week: '2026-W49',
      lastWeek: '2026-11-23',
      lastRegion: { due: 10, done: 7, rate: 0.7 },
      trend: { weeks: ['2026-11-23'], rates: [0.7] },
      heat: { counts: { green: 1, yellow: 0, red: 0 }, red: [], redTotal: 0 },
      forecast: { totalFen: 100_000_000, band: { lowFen: 80_000_000, highFen: 120_000_000, ratio: 0.2, basis: 'default' } },
      warnings: { streak: 2, threshold: 0.7, count: 1, names: null },
      reps: [
        { name: '小李', last: { due: 3, done: 2, rate: 2 / 3 }, now: undefined },
        { name: '小王', last: undefined, now: { due: 2, done: 1, rate: 0.5 } },
      ],
    };
    const c = weeklyReportCard(data);
    expect(c.table?.rows).toEqual([
      ['小李', '上周应完成 3 件，完成 2 件，67%', '无'],
      ['小王', '上周无应完成事项', '2 件（已完成 1）'],
    ]);
    expect(toPlainText(c)).toContain('预警：1 人连续 2 周完成率低于 70%，主管已单独跟进');
    expect(toPlainText(weeklyReportCard({ ...data, warnings: { ...data.warnings, names: ['小孙'] } }))).toContain(
      '预警（连续 2 周完成率低于 70%）：小孙',
    );
    expect(toPlainText(c)).toContain('未来 90 天预计回款：100万（区间 80万–120万，默认 ±20%）');
    expect(weeklyReportPreview(c).title).toBe('预览 · 华东区 · 周一晨会（11月30日）');
  });
});
