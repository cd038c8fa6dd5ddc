import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoCard, demoCardWalk } from '../../src/cli/card-walk.js';
import type { CardReply } from '../../src/core/reply.js';
import { seedDemo } from '../../src/demo/seed.js';
import { cardBytes, renderCard } from '../../src/platforms/feishu/render.js';
import { renderAppMessage, renderBotMessage, TEXT_MAX_BYTES, type TemplateCard } from '../../src/platforms/wecom/render.js';
import { buildTestApp } from '../helpers/test-app.js';
import { wecomTemplateCard } from '../platforms/platform-limits.js';

// Golden cards: every card family on the demo (fixed clock), as Feishu card JSON and as the WeCom app
// message, kept in tests/cards/golden/. A change to a builder or a renderer shows up here as a diff to
// review; `npx vitest run tests/cards -u` accepts it. Limits: docs/platforms/feishu.md §4.4 (30 KB),
// docs/platforms/wecom.md §4.2 (template-card fields, 2048-byte markdown).

const FAMILIES = [
  'help',
  'log',
  'log-choices',
  'my',
  'stage-list',
  'stage',
  'stage-proposed',
  'review-summary',
  'stage-review',
  'stage-changed',
  'weights',
  'target-split',
  'target-published',
  'target-mine',
  'map',
  'plan',
  'heat',
  'forecast',
  'forecast-parts',
  'team',
  'team-rep',
  'profile',
  'report-preview',
  'dashboard',
  'frequency-review',
  'weekly-report',
  'warning',
  'nudge',
  'reminder',
  'move-pick',
  'move-dates',
  'coach-dates',
  'coaching',
  'log-one-tap',
];
const ctx = { taskId: 'golden', cardUrl: 'https://warroom.example/' };
const chars = (s: unknown) => [...String(s ?? '')].length;

let built: Awaited<ReturnType<typeof buildTestApp>>;
let cards: DemoCard[];
beforeAll(async () => {
  built = await buildTestApp({
    keepOpen: true,
    seed: (s) => {
      seedDemo(s);
    },
    env: { PUBLIC_BASE_URL: 'https://warroom.example', DASHBOARD_SECRET: 'golden-cards-only-secret' },
  });
  cards = await demoCardWalk(built.app, built.services);
}, 120_000);
afterAll(async () => {
  await built?.app.close();
});

function assertWecomLimits(tc: TemplateCard) {
  const c = tc as TemplateCard & {
    main_title: { title: string };
    sub_title_text?: string;
    horizontal_content_list?: Array<{ keyname: string; value: string }>;
    button_list?: Array<{ text: string }>;
  };
  expect(chars(c.main_title.title)).toBeLessThanOrEqual(26);
  expect(chars(c.sub_title_text)).toBeLessThanOrEqual(112);
  expect(c.horizontal_content_list?.length ?? 0).toBeLessThanOrEqual(6);
  for (const h of c.horizontal_content_list ?? []) {
    expect(chars(h.keyname)).toBeLessThanOrEqual(5);
    expect(chars(h.value)).toBeLessThanOrEqual(26);
  }
  expect(c.button_list?.length ?? 0).toBeLessThanOrEqual(6);
  for (const b of c.button_list ?? []) expect(chars(b.text)).toBeLessThanOrEqual(10);
}

describe('golden cards on the demo', () => {
  it('the walk meets every card family', () => {
    expect(cards.map((c) => c.name).sort()).toEqual([...FAMILIES].sort());
  });

  it.each(FAMILIES)('%s: Feishu and WeCom renderings match the fixtures and the limits', async (name) => {
    const reply = cards.find((c) => c.name === name)?.reply as CardReply;
    const feishu = renderCard(reply);
    expect(cardBytes(feishu)).toBeLessThanOrEqual(30 * 1024);
    const wecom = renderAppMessage(reply, ctx);
    if (wecom.msgtype === 'template_card') {
      assertWecomLimits(wecom.template_card);
      // Every documented per-field limit (docs/platforms/wecom.md §4.2): emphasis_content, button key bytes, task_id.
      expect(wecomTemplateCard(wecom.template_card)).toEqual([]);
    } else
      expect(Buffer.byteLength(wecom.msgtype === 'markdown' ? wecom.markdown.content : wecom.text.content)).toBeLessThanOrEqual(
        TEXT_MAX_BYTES,
      );
    await expect(`${JSON.stringify(feishu, null, 1)}\n`).toMatchFileSnapshot(`golden/${name}.feishu.json`);
    await expect(`${JSON.stringify(wecom, null, 1)}\n`).toMatchFileSnapshot(`golden/${name}.wecom.json`);
  });

  it('the Monday report in a WeCom group carries all 12 reps with their completion', () => {
    const report = cards.find((c) => c.name === 'weekly-report')!.reply;
    const reps = built.services.repos.members.all().filter((m) => m.role === 'rep');
    expect(reps).toHaveLength(12);
    const group = renderBotMessage(report, ctx);
    expect(group.msgtype).toBe('markdown');
    const md = group.msgtype === 'markdown' ? group.markdown.content : '';
    for (const [i, rep] of reps.entries()) {
      const line = md.split('\n').find((l) => l.startsWith(`${rep.name} · `));
      expect(line, rep.name).toBeDefined();
      expect(line).toContain(report.table!.rows[i]![1]!);
    }
    expect(md).not.toContain('未显示');
  });
});
