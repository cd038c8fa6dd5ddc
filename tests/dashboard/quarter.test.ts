import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.js';
import { formatFen } from '../../src/domain/money.js';
import { runWarnings } from '../../src/jobs/warnings.js';
import { daysToQuarterEnd, quarterGap } from '../../src/method/metrics/quarter-view.js';
import { loadReceivables } from '../../src/method/metrics/receivables.js';
import { cachedCalibration } from '../../src/method/metrics/region-backtest.js';
import { forecastOf, regionForecast } from '../../src/method/metrics/region-metrics.js';
import { loadRegionWindow } from '../../src/method/metrics/region-window.js';
import { seedSmallTeam } from '../helpers/team.js';
import { buildTestApp } from '../helpers/test-app.js';

// The dashboard's first screen (issue 15 item 4): /warroom/api/quarter.json carries the same
// target and collected as /团队, /预测's forecast to the quarter's end (the gap's), the warning DM's
// reps, and this week's completion as the action board.

async function app(seed: 'demo' | 'team') {
  let team: ReturnType<typeof seedSmallTeam> | undefined;
  const built = await buildTestApp({
    seed: (s) => {
      if (seed === 'demo') seedDemo(s);
      else team = seedSmallTeam(s);
    },
  });
  const say = async (as: string, text: string) =>
    (await built.app.inject({ method: 'POST', url: '/console/messages', payload: { as, text } })).json().replies as unknown[];
  const tokenOf = async (as: string) => /\?t=([\w.-]+)/.exec(JSON.stringify(await say(as, '/看板')))![1]!;
  const get = async (path: string, token: string) => (await built.app.inject({ url: `/warroom/api/${path}?t=${token}` })).json();
  return { ...built, team: team!, say, tokenOf, get };
}

describe('quarter.json on the demo, seen by the manager', () => {
  it('shows target and collected as /团队, the /预测 model over the rest of the quarter, and the gap of the quarter alone', async () => {
    const t = await app('demo');
    const token = await t.tokenOf('张经理');
    const q = await t.get('quarter.json', token);
    expect(q).toMatchObject({ today: '2026-11-26', quarter: '2026-Q4', from: '2026-10-01', to: '2026-12-31', week: '2026-11-23' });
    expect(q.regions).toHaveLength(1);
    const r = q.regions[0];
    // The demo's annual target is 4.2亿; the quarter's is a quarter of it, as /团队 counts it.
    expect(r.target).toEqual({ quarter: '2026-Q4', targetFen: 10_500_000_000, source: 'year', yearFen: 42_000_000_000 });
    const team = JSON.stringify(await t.say('张经理', '/团队'));
    expect(team).toContain(`已回款 ${formatFen(r.collectedFen)} / 季度目标 ${formatFen(r.target.targetFen)}`);
    // /预测's model (forecastOf, the same calibration and receivables) over the 36 days left in the
    // quarter (11-26 to 12-31), not the 90 days of /预测, /报告 and the forecast panel.
    expect(q.horizonDays).toBe(36);
    const region = t.services.repos.regions.byName('华东区')!;
    const today = t.services.today();
    const w = loadRegionWindow(t.services, region.id, today, [], 36)!;
    const cal = cachedCalibration(t.services, region.id, today);
    const rest36 = forecastOf(w, cal, 'no-heat', loadReceivables(t.services, region.id, w.customers, today, 36), 36).region;
    expect(r.forecast).toEqual({ totalFen: rest36.totalFen, band: rest36.band, to: '2026-12-31' });
    const ninety = regionForecast(t.services, region.id, today)!.region;
    expect(r.forecast.totalFen).toBeGreaterThan(0);
    expect(r.forecast.totalFen).toBeLessThan(ninety.totalFen);
    const panel = await t.get('forecast.json', token);
    expect(panel.totalFen).toBe(ninety.totalFen);
    // The gap counts only the quarter: target − collected − the forecast to the quarter's end, over its band too.
    const rest = r.target.targetFen - r.collectedFen;
    expect(r.gap).toEqual({ fen: rest - rest36.totalFen, lowFen: rest - rest36.band.highFen, highFen: rest - rest36.band.lowFen });
    expect(r.gap.fen).not.toBe(rest - ninety.totalFen);
  });

  it('lists the reps the warning DM goes to, with their two weeks, and says once it went out', async () => {
    const t = await app('demo');
    const token = await t.tokenOf('张经理');
    const before = (await t.get('quarter.json', token)).regions[0];
    expect(before.warnings.length).toBeGreaterThan(0);
    expect(before.warnings.every((w: { sent: boolean }) => !w.sent)).toBe(true);
    for (const w of before.warnings) {
      expect(w.weeks.map((x: { week: string }) => x.week)).toEqual(['2026-11-09', '2026-11-16']);
      expect(w.weeks.every((x: { rate: number }) => x.rate < 0.7)).toBe(true);
    }
    // The warnings job of the same week (Thursday catch-up) warns exactly these reps.
    const run = runWarnings(t.services, t.clock.now());
    const warned = [...new Set(run.enqueued.filter((k) => k.startsWith('warning:')).map((k) => Number(k.split(':')[1])))].sort(
      (a, b) => a - b,
    );
    expect(before.warnings.map((w: { repId: number }) => w.repId)).toEqual(warned);
    const names = before.warnings.map((w: { name: string }) => w.name);
    expect(names).toEqual(expect.arrayContaining(['小孙']));
    const after = (await t.get('quarter.json', token)).regions[0];
    expect(after.warnings.every((w: { sent: boolean }) => w.sent)).toBe(true);
  });

  it('this week and last week are the action board’s region figures', async () => {
    const t = await app('demo');
    const token = await t.tokenOf('张经理');
    const r = (await t.get('quarter.json', token)).regions[0];
    const board = await t.get('board.json', token);
    const pick = (p: { due: number; done: number; rate: number | null }) => ({ due: p.due, done: p.done, rate: p.rate });
    expect(r.thisWeek).toEqual(pick(board.region.at(-1)));
    expect(r.lastWeek).toEqual(pick(board.region.at(-2)));
    expect(r.thisWeek.due).toBeGreaterThan(0);
  });
});

describe('quarter.json for a rep', () => {
  it('shows their own published target (a quarter of the year’s), their collections and forecast, no other rep', async () => {
    const t = await app('team');
    const token = await t.tokenOf('小李');
    const none = (await t.get('quarter.json', token)).regions[0];
    expect(none.target.targetFen).toBeNull();
    expect(none.gap).toBeNull();
    await t.say('张经理', '/目标 1000万');
    expect((await t.get('quarter.json', token)).regions[0].target.targetFen).toBeNull(); // a draft is not shown to reps
    await t.say('张经理', '/目标 发布');
    const map = await t.get('map.json', token);
    const r = (await t.get('quarter.json', token)).regions[0];
    expect(r.target).toEqual({ quarter: '2026-Q4', targetFen: Math.round(map.targetFen / 4), source: 'year', yearFen: map.targetFen });
    const panel = await t.get('forecast.json', token);
    // Their own customers' forecast to the quarter's end: part of the panel's 90 days.
    expect(r.forecast.to).toBe('2026-12-31');
    expect(r.forecast.totalFen).toBeGreaterThan(0);
    expect(r.forecast.totalFen).toBeLessThan(panel.totalFen);
    expect(r.collectedFen).toBe(0);
    expect(r.thisWeek).toEqual({ due: 3, done: 0, rate: 0 });
    expect(JSON.stringify(r)).not.toContain('老王');
  });

  it('counts only the rep’s customers’ collections of this quarter', async () => {
    const t = await app('team');
    const db = t.services.db.$client;
    const add = (customerId: number, date: string, fen: number) =>
      db.prepare("INSERT INTO orders (customer_id, kind, date, amount_fen) VALUES (?, 'collection', ?, ?)").run(customerId, date, fen);
    const c = t.team.customers;
    add(c.hdzg.id, '2026-10-01', 100); // first day of the quarter: counts
    add(c.hdzg.id, '2026-09-30', 1000); // last quarter
    add(c.hdzg.id, '2026-11-27', 10_000); // tomorrow: not collected yet
    add(c.jlj.id, '2026-11-02', 100_000); // 老王's
    expect((await t.get('quarter.json', await t.tokenOf('小李'))).regions[0].collectedFen).toBe(100);
    expect((await t.get('quarter.json', await t.tokenOf('张经理'))).regions[0].collectedFen).toBe(100_100);
  });
});

describe('quarter.json refuses a bad link', () => {
  it('like every dashboard endpoint: 403 and no figures', async () => {
    const t = await app('team');
    const res = await t.app.inject({ url: '/warroom/api/quarter.json?t=forged' });
    expect(res.statusCode).toBe(403);
    expect(res.json()).not.toHaveProperty('regions');
  });
});

describe('daysToQuarterEnd', () => {
  it('counts today and the quarter’s last day', () => {
    expect(daysToQuarterEnd('2026-11-26')).toBe(36);
    expect(daysToQuarterEnd('2026-12-31')).toBe(1);
    expect(daysToQuarterEnd('2026-10-01')).toBe(92);
    expect(daysToQuarterEnd('2028-01-01')).toBe(91); // a leap year's first quarter
  });
});

describe('quarterGap', () => {
  it('is target − collected − forecast; the band’s high forecast gives the low gap', () => {
    const f = { totalFen: 500, band: { lowFen: 400, highFen: 700, ratio: 0.2, basis: 'default' as const } };
    expect(quarterGap(1000, 300, f)).toEqual({ fen: 200, lowFen: 0, highFen: 300 });
    expect(quarterGap(null, 300, f)).toBeNull();
  });
});
