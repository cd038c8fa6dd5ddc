import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium } from '../../src/cli/chromium.js';
import { seedDemo } from '../../src/demo/seed.js';
import { dashboardLink } from '../../src/method/access/link.js';
import type { Services } from '../../src/services.js';
import { buildTestApp } from '../helpers/test-app.js';
import { firstScreenTests } from './first-screen.js';

// The dashboard in a real headless Chromium (Debian's /usr/bin/chromium via playwright-core),
// on the demo data. Skipped, with the reason printed, only when that browser is not installed.

const present = hasChromium();
if (!present) console.warn('[browser test skipped] /usr/bin/chromium is not installed (apt-get install chromium)');

describe.skipIf(!present)('dashboard in headless Chromium', () => {
  let app: FastifyInstance;
  let services: Services;
  let clock: Awaited<ReturnType<typeof buildTestApp>>['clock'];
  let base: string;
  let browser: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    const built = await buildTestApp({
      seed: (s) => {
        seedDemo(s);
      },
      keepOpen: true,
    });
    ({ app, services, clock } = built);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const addr = app.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const linkFor = (name: string) => {
    const m = services.repos.members.byName(name)[0]!;
    return dashboardLink(services, m).url.replace(/^https?:\/\/[^/]+/, base);
  };

  it('opens a signed link, shows the heat map, opens a cell and draws the charts', async () => {
    const page = await browser.context.newPage();
    await page.goto(linkFor('张经理'));
    await page.waitForSelector('body[data-ready="1"]', { timeout: 30_000 });
    expect(await page.locator('#error').isHidden()).toBe(true);
    const cells = page.locator('#heat-grid .heat-cell');
    expect(await cells.count()).toBeGreaterThan(12);
    expect(await page.locator('#heat-grid th').allTextContents()).toEqual(expect.arrayContaining(['小李', '老王', '孵化型', '稳定型']));
    const cell = page.locator('#heat-grid .heat-cell[data-stage="incubating"]').first();
    await cell.click();
    await page.waitForSelector('#heat-detail:not([hidden]) li.customer');
    // The three large manufacturers and the three small accounts of 小李's book (issue 14 item 8).
    expect(await page.locator('#heat-detail h3').textContent()).toMatch(/小李 · 孵化型（6 家）/);
    expect(await page.locator('#heat-detail').textContent()).toContain('华东重工');
    expect(await page.locator('#board-chart svg').count()).toBe(1);
    expect(await page.locator('#forecast-chart canvas').count()).toBe(1);
    expect(await page.locator('#map-weeks .week').count()).toBeGreaterThan(10);
    expect(await page.locator('#excel').isVisible()).toBe(true);
    await page.close();
  }, 60_000);

  firstScreenTests(() => ({ browser, linkFor, services, base }));

  it('a rep sees only their own column and no import/export', async () => {
    const page = await browser.context.newPage();
    await page.goto(linkFor('老王'));
    await page.waitForSelector('body[data-ready="1"]', { timeout: 30_000 });
    const heads = await page.locator('#heat-grid tr:first-child th').allTextContents();
    expect(heads.filter(Boolean)).toEqual(['老王']);
    expect(await page.locator('#excel').isHidden()).toBe(true);
    await page.close();
  }, 60_000);

  it('refuses an expired link with a clear page and no data', async () => {
    const url = linkFor('张经理');
    clock.advance(8 * 86_400_000);
    const page = await browser.context.newPage();
    const res = await page.goto(url);
    expect(res?.status()).toBe(401);
    expect(await page.locator('#refused h1').textContent()).toBe('链接已过期');
    const body = await page.locator('body').textContent();
    expect(body).toContain('/看板');
    expect(body).not.toContain('华东重工');
    expect(await page.locator('.heat-cell').count()).toBe(0);
    await page.close();
  }, 60_000);

  it('the local console draws the Monday report trend chart as SVG', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${base}/`);
    await page.waitForFunction(() => document.querySelectorAll('#who option').length > 0);
    await page.selectOption('#who', '张经理');
    await page.fill('#t', '/报告');
    await page.press('#t', 'Enter');
    const svg = page.locator('.card svg.chart').first();
    await svg.waitFor({ timeout: 30_000 });
    expect(await page.locator('.card .chart-title').first().textContent()).toMatch(/近 6 周完成率（%） · 预警线 70%/);
    expect(await svg.locator('text').count()).toBeGreaterThanOrEqual(6);
    expect(await svg.locator('line.thr').count()).toBe(1);
    expect(await svg.locator('circle').count()).toBeGreaterThan(0);
    expect(await svg.locator('path').getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+/);
    await page.close();
  }, 60_000);
  it('runs both pages under the CSP without a single violation', async () => {
    const page = await browser.context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(linkFor('张经理'));
    await page.waitForSelector('body[data-ready="1"]', { timeout: 30_000 });
    await page.locator('#heat-grid .heat-cell').first().click();
    await page.locator('#board-chart svg circle').first().hover();
    await page.locator('#forecast-chart canvas').hover();
    await page.goto(`${base}/`);
    await page.waitForFunction(() => document.querySelectorAll('#who option').length > 0);
    await page.fill('#t', '/我的');
    await page.press('#t', 'Enter');
    await page.locator('.card').first().waitFor({ timeout: 30_000 });
    expect(violations).toEqual([]);
    await page.close();
  }, 60_000);
  it('the console behind CONSOLE_TOKEN works from a ?token= link and drops the token from the address bar', async () => {
    const token = 'console-token-0123456789';
    const guarded = await buildTestApp({
      env: { CONSOLE_TOKEN: token },
      seed: (s) => {
        seedDemo(s);
      },
    });
    await guarded.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (guarded.app.server.address() as { port: number }).port;
    const page = await browser.context.newPage();
    expect((await page.goto(`http://127.0.0.1:${port}/`))?.status()).toBe(401);
    await page.goto(`http://127.0.0.1:${port}/?token=${token}`);
    await page.waitForFunction(() => document.querySelectorAll('#who option').length > 0);
    expect(page.url()).not.toContain('token');
    await page.fill('#t', '/我的');
    await page.press('#t', 'Enter');
    await page.locator('.card').first().waitFor({ timeout: 30_000 });
    await page.close();
    await guarded.app.close();
  }, 60_000);
});
