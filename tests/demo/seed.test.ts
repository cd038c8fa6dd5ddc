import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_REPS } from '../../src/demo/data.js';
import { seedDemo } from '../../src/demo/seed.js';
import { localDateOf } from '../../src/domain/dates.js';
import { chatApp } from '../helpers/method-chat.js';

// Issue 14 item 8: the demo is realistic. Every rep, 老王 included, has due items every quarter and
// 4-8 of them every week (a rate is not decided by one item), and each log was recorded on the day
// it happened, so a 24-hour undo reaches yesterday's logs only.

let app: FastifyInstance | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

describe('the demo (issue 14 item 8)', () => {
  it('gives every rep 4-8 due items in every week of last and this quarter, and logs recorded when they happened', async () => {
    const t = await chatApp(seedDemo);
    app = t.app;
    const loads = t.sql(`SELECT m.name, date(i.due_date, 'weekday 0', '-6 days') AS week, count(*) AS n FROM due_items i
      JOIN members m ON m.id = i.member_id WHERE i.status != 'cancelled' GROUP BY m.name, week`);
    for (const rep of DEMO_REPS) {
      const mine = loads.filter((l) => l.name === rep);
      // 2026-07-01 .. 2026-12-31: the weeks of 06-29 .. 12-28.
      expect(
        mine.map((l) => l.week),
        rep,
      ).toHaveLength(27);
      for (const l of mine) expect(l.n, `${rep} ${l.week}`).toBeGreaterThanOrEqual(4);
      for (const l of mine) expect(l.n, `${rep} ${l.week}`).toBeLessThanOrEqual(8);
    }
    // 老王, whose five named customers are Q2-tender stable ones, sees this week's items in chat.
    const [my] = await t.say('老王', '/我的');
    expect(my!.text).toMatch(/本周 \d+\/([4-8])/);

    const logs = t.sql('SELECT occurred_on, created_at FROM action_logs');
    expect(logs.length).toBeGreaterThan(500);
    for (const l of logs) expect(localDateOf(new Date(l.created_at), 'Asia/Shanghai')).toBe(l.occurred_on);
    // So /撤销 reaches back 24 hours, never to July.
    for (const rep of DEMO_REPS) {
      const [r] = await t.say(rep, '/撤销');
      if (r!.text.startsWith('已撤销')) {
        const [voided] = t.sql("SELECT occurred_on FROM action_logs WHERE status = 'voided' ORDER BY id DESC LIMIT 1");
        expect(voided.occurred_on >= '2026-11-25', rep).toBe(true);
      } else expect(r!.text).toContain('24 小时内没有可撤销的记录');
    }
  });
});
