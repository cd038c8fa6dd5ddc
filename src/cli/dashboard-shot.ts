import { mkdirSync } from 'node:fs';
import pino from 'pino';
import { buildApp } from '../app.js';
import { loadConfigWith } from '../config.js';
import { systemClock } from '../core/clock.js';
import { openDb } from '../db/client.js';
import { seedDemo } from '../demo/seed.js';
import { dashboardLink } from '../method/access/link.js';
import { seedReferenceData } from '../method/reference/seed-reference.js';
import { createServices } from '../services.js';
import { hasChromium, launchChromium } from './chromium.js';

// npx tsx src/cli/dashboard-shot.ts [docs/dashboard.png]
// Seeds the demo into an in-memory database, serves it on a free port, opens 张经理's link in
// headless Chromium and saves a full wall-screen screenshot (and the first phone screen beside it).

const out = process.argv[2] ?? 'docs/dashboard.png';
if (!hasChromium()) {
  console.error('需要 /usr/bin/chromium（apt-get install chromium）');
  process.exit(2);
}
const config = loadConfigWith({}, { DATABASE_PATH: ':memory:', LOG_LEVEL: 'silent', DASHBOARD_SECRET: 'screenshot-only-secret' });
const services = createServices({ config, db: openDb(':memory:'), clock: systemClock, log: pino({ level: 'silent' }) });
seedReferenceData(services);
seedDemo(services);
const { app } = await buildApp(services);
await app.listen({ port: 0, host: '127.0.0.1' });
const addr = app.server.address();
const port = typeof addr === 'object' && addr ? addr.port : 0;
const manager = services.repos.members.byName('张经理')[0]!;
const url = dashboardLink(services, manager).url.replace(/^https?:\/\/[^/]+/, `http://127.0.0.1:${port}`);

async function shot(file: string, viewport: { width: number; height: number }, clickCell: boolean, fullPage: boolean): Promise<void> {
  const browser = await launchChromium(viewport);
  const page = await browser.context.newPage();
  await page.goto(url);
  await page.waitForSelector('body[data-ready="1"]', { timeout: 30_000 });
  if (clickCell) await page.locator('#heat-grid .heat-cell[data-stage="incubating"]').first().click();
  await page.waitForTimeout(800); // let the charts' entry animation finish
  await page.screenshot({ path: file, fullPage });
  await browser.close();
  console.log(`已保存 ${file}`);
}

mkdirSync('docs', { recursive: true });
await shot(out, { width: 1600, height: 1000 }, true, true);
await shot(out.replace(/\.png$/, '-phone.png'), { width: 390, height: 844 }, true, false);
await app.close();
