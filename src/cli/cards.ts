import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { buildApp } from '../app.js';
import { loadConfigWith } from '../config.js';
import { fixedClock } from '../core/clock.js';
import { openDb } from '../db/client.js';
import { seedDemo } from '../demo/seed.js';
import { seedReferenceData } from '../method/reference/seed-reference.js';
import { renderCard } from '../platforms/feishu/render.js';
import { renderAppMessage } from '../platforms/wecom/render.js';
import { createServices } from '../services.js';
import { demoCardWalk } from './card-walk.js';
import { hasChromium, launchChromium } from './chromium.js';

// npm run cards [-- <folder>]   (default data/cards)
// Every card of the demo (src/cli/card-walk.ts, on the fixed day the golden tests use) as Feishu card
// JSON, the WeCom app message, and a PNG of the console's rendering at 390 px (a phone), via Chromium.

const out = process.argv[2] ?? 'data/cards';
const DAY = '2026-11-26T02:00:00.000Z';
mkdirSync(out, { recursive: true });
const config = loadConfigWith(
  {},
  { DATABASE_PATH: ':memory:', LOG_LEVEL: 'silent', DASHBOARD_SECRET: 'gallery-only-secret', PUBLIC_BASE_URL: 'https://warroom.example' },
);
const services = createServices({ config, db: openDb(':memory:'), clock: fixedClock(DAY), log: pino({ level: 'silent' }) });
seedReferenceData(services);
seedDemo(services);
const { app } = await buildApp(services);
await app.listen({ port: 0, host: '127.0.0.1' });
const addr = app.server.address();
const port = typeof addr === 'object' && addr ? addr.port : 0;
const cards = await demoCardWalk(app, services);
const ctx = { taskId: 'gallery', cardUrl: 'https://warroom.example/' };
for (const { name, reply } of cards) {
  writeFileSync(join(out, `${name}.feishu.json`), `${JSON.stringify(renderCard(reply), null, 1)}\n`);
  writeFileSync(join(out, `${name}.wecom.json`), `${JSON.stringify(renderAppMessage(reply, ctx), null, 1)}\n`);
}
if (hasChromium()) {
  const browser = await launchChromium({ width: 390, height: 844 });
  const page = await browser.context.newPage();
  await page.goto(`http://127.0.0.1:${port}/`);
  for (const { name, reply } of cards) {
    // The console page's own renderer (show), one card at a time on an empty log.
    await page.evaluate((r) => {
      for (const el of document.querySelectorAll<HTMLElement>('header, footer')) el.style.display = 'none';
      document.querySelector('#log')!.innerHTML = '';
      (window as unknown as { show(x: unknown[]): void }).show([{ reply: r }]);
    }, reply);
    await page
      .locator('#log .card')
      .first()
      .screenshot({ path: join(out, `${name}.png`) });
  }
  await browser.close();
} else {
  console.error('没有 /usr/bin/chromium：只写了 JSON，没有 PNG');
}
await app.close();
console.log(`已写入 ${cards.length} 张卡片到 ${out}/（每张：飞书 JSON、企业微信 JSON${hasChromium() ? '、390 px PNG' : ''}）`);
