import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { dueItems } from '../../src/db/schema.js';
import { runWarnings } from '../../src/jobs/warnings.js';
import { deliverDue } from '../../src/method/delivery/outbox.js';
import type { Services } from '../../src/services.js';
import { seedSmallTeam } from '../helpers/team.js';
import { buildTestApp } from '../helpers/test-app.js';
import { addItem } from './setup.js';

// Issue 14 item 4: nudges and warning cards list what can still be done. Monday 2026-12-07 (W50):
// 小李 missed everything of the weeks of 11-23 and 11-30, so he is warned.

const MONDAY_1207 = '2026-12-07T01:07:00.000Z';
let app: FastifyInstance | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

function seed(services: Services) {
  const team = seedSmallTeam(services);
  const {
    li,
    customers: { hdzg, hdjx },
  } = team;
  addItem(services, li.id, hdzg.id, '2026-07-06'); // 154 days overdue, its window long closed
  services.db
    .insert(dueItems)
    .values({
      memberId: li.id,
      customerId: hdjx.id,
      actionCode: 'holiday_care',
      period: '2026-国庆',
      windowStart: '2026-09-17',
      windowEnd: '2026-09-30',
      dueDate: '2026-09-28',
    })
    .run();
  addItem(services, li.id, hdzg.id, '2026-12-01'); // the week of 11-30: missed, window closed
  addItem(services, li.id, hdzg.id, '2026-12-09'); // this week
  addItem(services, li.id, hdjx.id, '2026-12-16', 'open', 'competitor_report'); // next week
  addItem(services, li.id, hdjx.id, '2026-12-23', 'open', 'joint_case'); // later: not yet
  return team;
}

describe('nudges and warning cards (issue 14 item 4)', () => {
  it('list only what can still be done, most urgent first, never a closed window or a past holiday', async () => {
    const built = await buildTestApp({
      now: MONDAY_1207,
      seed: (s) => {
        seed(s);
      },
    });
    app = built.app;
    expect(runWarnings(built.services, built.clock.now()).summary).toContain('预警：1 人');
    await deliverDue(built.services, built.adapters);
    const inbox = async (to: string) =>
      (
        (await built.app.inject({ url: `/console/inbox?to=${encodeURIComponent(to)}` })).json() as {
          messages: Array<{ reply: any; text: string }>;
        }
      ).messages;
    const [nudge] = await inbox('小李');
    expect(nudge!.reply.title).toBe('小李，这周先把这 3 件做了');
    // The Q4 exec visit is overdue but its window runs to 12-31; then this week's, then next week's.
    expect(nudge!.reply.table.rows.map((r: string[]) => [r[0], r[2], r[3]])).toEqual([
      ['11-24', '高层拜访', '逾期 13 天，12-31 前可补'],
      ['12-09', '技术答疑', '待完成'],
      ['12-16', '竞品对比报告', '待完成'],
    ]);
    const [warning] = await inbox('张经理');
    expect(warning!.text).toContain('现在还能做的 3 项（其中逾期仍可补 1 项，含本周和下周到期）');
    expect(warning!.reply.table.rows.map((r: string[]) => r[0])).toEqual(['11-24', '12-09', '12-16']);
    for (const m of [nudge!, warning!]) {
      expect(m.text).not.toContain('节日专属关怀');
      expect(m.text).not.toMatch(/07-06|11-25|11-27|12-01|12-23/);
    }
  });
});
