import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoCard, demoCardWalk } from '../../src/cli/card-walk.js';
import { hasChromium, launchChromium } from '../../src/cli/chromium.js';
import { seedDemo } from '../../src/demo/seed.js';
import { buildTestApp } from '../helpers/test-app.js';

// Every card of the demo walk, drawn by the console page's own renderer in Chromium at a phone's 390 × 844 px,
// is at most about one and a half screens tall (issue 15: the /目标 card was 2,356 px). The console draws the
// neutral card as Feishu lays it out (title, headline, lines, fields, table, buttons), so it stands in for both.
// Skipped, with the reason printed, only when /usr/bin/chromium is not installed.

const PHONE = { width: 390, height: 844 };
const MAX_HEIGHT = Math.round(PHONE.height * 1.5);
const present = hasChromium();
if (!present) console.warn('[phone-height test skipped] /usr/bin/chromium is not installed (apt-get install chromium)');

describe.skipIf(!present)('cards on a phone', () => {
  let built: Awaited<ReturnType<typeof buildTestApp>>;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let cards: DemoCard[];
  let base: string;

  beforeAll(async () => {
    built = await buildTestApp({ keepOpen: true, seed: (s) => void seedDemo(s), env: { PUBLIC_BASE_URL: 'https://warroom.example' } });
    cards = await demoCardWalk(built.app, built.services);
    await built.app.listen({ port: 0, host: '127.0.0.1' });
    const addr = built.app.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    browser = await launchChromium(PHONE);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await built?.app.close();
  });

  it(`every card is at most ${MAX_HEIGHT} px tall at 390 px`, async () => {
    const page = await browser.context.newPage();
    await page.goto(`${base}/`);
    const heights: Record<string, number> = {};
    for (const { name, reply } of cards) {
      heights[name] = await page.evaluate((r) => {
        for (const el of document.querySelectorAll<HTMLElement>('header, footer')) el.style.display = 'none';
        document.querySelector('#log')!.innerHTML = '';
        (window as unknown as { show(x: unknown[]): void }).show([{ reply: r }]);
        return document.querySelector('#log .card')!.getBoundingClientRect().height;
      }, reply);
    }
    expect(Object.keys(heights)).toHaveLength(cards.length);
    const tall = Object.entries(heights).filter(([, h]) => h > MAX_HEIGHT);
    expect(tall, JSON.stringify(heights)).toEqual([]);
  }, 60_000);
});
