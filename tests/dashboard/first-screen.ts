import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import type { launchChromium } from '../../src/cli/chromium.js';
import { formatFen } from '../../src/domain/money.js';
import { median } from '../../src/domain/team-metrics.js';
import type { Services } from '../../src/services.js';
import { allInView, inView } from './visibility.js';

// The dashboard's first screen in Chromium (issue 15 item 4), run inside browser.test.ts's suite
// on its demo app and browser: at 390 px and 1280 px the quarter's target, collected, forecast and
// gap, the reps on warning and this week are on screen without scrolling; the action board shows
// this and last week on a phone and clips no column at 1280 px; its lines are straight segments
// and the team median is drawn only in weeks where the median rep had at least 3 items.

interface Ctx {
  browser: Awaited<ReturnType<typeof launchChromium>>;
  linkFor: (name: string) => string;
  services: Services;
  base: string;
}

const VIEWPORTS = [
  { width: 390, height: 844 },
  { width: 1280, height: 900 },
];

async function open(ctx: Ctx, viewport: { width: number; height: number }): Promise<{ page: Page; quarter: any; board: any }> {
  const page = await ctx.browser.context.newPage();
  await page.setViewportSize(viewport);
  const url = ctx.linkFor('张经理');
  await page.goto(url);
  await page.waitForSelector('body[data-ready="1"]', { timeout: 30_000 });
  const token = new URL(url).searchParams.get('t')!;
  const json = async (path: string) => (await page.request.get(`${ctx.base}/warroom/api/${path}?t=${token}`)).json();
  return { page, quarter: await json('quarter.json'), board: await json('board.json') };
}

/** Scrolls the window (never the table) so the board's header row sits below the sticky tabs. */
const scrollToBoard = (page: Page) =>
  page.evaluate(() => window.scrollTo(0, document.getElementById('board-table')!.getBoundingClientRect().top + window.scrollY - 100));

export function firstScreenTests(ctx: () => Ctx): void {
  for (const viewport of VIEWPORTS) {
    it(`at ${viewport.width} px the first screen shows target, collected, forecast, gap, warnings and this week`, async () => {
      const { page, quarter } = await open(ctx(), viewport);
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
      const r = quarter.regions[0];
      const value = (cls: string) => page.locator(`.quarter .kpi.${cls} .value`);
      expect(await value('target').textContent()).toBe(formatFen(r.target.targetFen));
      expect(await value('collected').textContent()).toBe(formatFen(r.collectedFen));
      expect(await value('forecast').textContent()).toBe(formatFen(r.forecast.totalFen));
      expect(await value('gap').textContent()).toBe(formatFen(Math.abs(r.gap.fen)));
      for (const cls of ['target', 'collected', 'forecast', 'gap']) {
        expect(await inView(page.locator(`.quarter .kpi.${cls}`)), cls).toBe(true);
      }
      // The band is on the forecast and the gap.
      expect(await page.locator('.kpi.forecast small').textContent()).toContain(
        `${formatFen(r.forecast.band.lowFen)}–${formatFen(r.forecast.band.highFen)}`,
      );
      expect(await page.locator('.kpi.gap small').textContent()).toContain('按区间');
      // The forecast and so the gap run to the quarter's end, and the label says to which day.
      expect(await page.locator('.kpi.forecast .label').textContent()).toBe(`预测回款（至季末 ${r.forecast.to.slice(5)}）`);
      expect(r.forecast.to).toBe(quarter.to);
      const warned = page.locator('.ov-warnings li');
      expect(r.warnings.length).toBeGreaterThan(0);
      expect(await warned.locator('b').allTextContents()).toEqual(r.warnings.map((w: { name: string }) => w.name));
      expect(await warned.first().textContent()).toMatch(/11-09 周 \d+%\s+11-16 周 \d+%/);
      expect(await allInView(warned)).toBe(true);
      expect(await page.locator('.ov-week').textContent()).toContain(`完成 ${r.thisWeek.done}/${r.thisWeek.due}`);
      expect(await inView(page.locator('.ov-week p'))).toBe(true);
      await page.close();
    }, 60_000);
  }

  it('on a phone the action board shows this week and last week without scrolling sideways', async () => {
    const { page, board } = await open(ctx(), VIEWPORTS[0]!);
    await scrollToBoard(page);
    const head = (week: string) => page.locator(`#board-table th[data-week="${week}"]`);
    expect(await head(board.current).textContent()).toBe('本周');
    expect(await inView(head(board.current))).toBe(true);
    expect(await inView(head(board.weeks.at(-2)))).toBe(true);
    // Each rep's row still names the rep, and their last-week cell is visible beside it.
    const row = page.locator('#board-table tr').nth(1);
    expect(await inView(row.locator('th'))).toBe(true);
    expect(await inView(row.locator('td').nth(board.weeks.length - 2))).toBe(true);
    // The oldest week is off to the left: the table really is wider than the phone.
    expect(await inView(head(board.weeks[0]))).toBe(false);
    await page.close();
  }, 60_000);

  it('at 1280 px no column of the action board is clipped', async () => {
    const { page, board } = await open(ctx(), VIEWPORTS[1]!);
    await scrollToBoard(page);
    const overflow = await page.locator('#board-scroll').evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const heads = page.locator('#board-table tr:first-child th');
    expect(await heads.count()).toBe(board.weeks.length + 2);
    expect(await allInView(heads.locator('xpath=self::*[normalize-space()]'))).toBe(true);
    await page.close();
  }, 60_000);

  it('draws straight lines only, and the team median only in weeks where the median rep had at least 3 items', async () => {
    const { services } = ctx();
    const db = services.db.$client;
    // Thin one week to two items per rep, so that week's median means nothing (every rate 0/50/100%).
    const [from, to] = ['2026-10-19', '2026-10-25'];
    db.prepare(
      `UPDATE due_items SET status = 'cancelled' WHERE id IN (SELECT d.id FROM due_items d WHERE d.due_date BETWEEN @from AND @to AND d.status != 'cancelled'
       AND (SELECT COUNT(*) FROM due_items e WHERE e.member_id = d.member_id AND e.due_date BETWEEN @from AND @to AND e.status != 'cancelled' AND e.id < d.id) >= 2)`,
    ).run({ from, to });
    const { page, board } = await open(ctx(), VIEWPORTS[1]!);
    // Expected from the rows themselves: per week, the items of each rep with any, and their median.
    const count = db.prepare(
      `SELECT COUNT(*) AS n FROM due_items i JOIN members m ON m.id = i.member_id
       WHERE m.role = 'rep' AND i.status != 'cancelled' AND i.due_date BETWEEN ? AND date(?, '+6 days') GROUP BY i.member_id`,
    );
    const expected = board.weeks.filter((w: string) => (median((count.all(w, w) as Array<{ n: number }>).map((x) => x.n)) ?? 0) >= 3);
    expect(expected).not.toContain('2026-10-19');
    expect(expected.length).toBeGreaterThan(3);
    const paths = await page.locator('#board-chart path').evaluateAll((els) => els.map((e) => e.getAttribute('d') ?? ''));
    expect(paths.length).toBe(2);
    for (const d of paths) expect(d).toMatch(/^(?:[ML]-?\d+(?:\.\d+)?,-?\d+(?:\.\d+)?)+$/);
    const medianWeeks = await page
      .locator('#board-chart [data-series="median"] circle')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-week')));
    expect(medianWeeks).toEqual(expected);
    // The gap breaks the line: a new M after the week that is not drawn.
    const medianPath = await page.locator('#board-chart [data-series="median"] path').getAttribute('d');
    expect(medianPath!.match(/M/g)).toHaveLength(2);
    expect(await page.locator('#board-legend').textContent()).toContain('只画半数以上销售当周有 ≥3 项待办的周');
    expect(await page.locator(`#board-table tr.median td`).nth(board.weeks.indexOf('2026-10-19')).textContent()).toBe('—');
    await page.close();
  }, 60_000);
}
