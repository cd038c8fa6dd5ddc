import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { CardReply } from '../../src/core/reply.js';
import { runReminders } from '../../src/jobs/reminders.js';
import { buildTestApp } from '../helpers/test-app.js';
import { outboxRows, seedJobsTeam } from '../jobs/setup.js';

// One-tap 「✓ 完成」 on the Thursday reminder and /我的: logs the item as /记录 would.

const THURSDAY_1607 = '2026-11-26T08:07:00.000Z';
let app: FastifyInstance | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

describe('✓ 完成', () => {
  it('the reminder gives each open item a button that logs it today, once however often it is tapped', async () => {
    const built = await buildTestApp({
      now: THURSDAY_1607,
      seed: (s) => {
        seedJobsTeam(s);
      },
    });
    app = built.app;
    runReminders(built.services, new Date(THURSDAY_1607));
    const reminder = JSON.parse(outboxRows(built.services)[0]!.payload_json) as CardReply;
    expect(reminder.buttons?.map((b) => b.label)).toEqual([
      '✓ 华东精密机械',
      '改期·华东精密机械',
      // Two items of 华东重工: both buttons name the action too.
      '✓ 现场回访·华东重工',
      '改期·现场回访·华东重工',
      '✓ 技术答疑·华东重工',
      '改期·技术答疑·华东重工',
    ]);
    expect(reminder.buttons!.map((b) => b.action)).toEqual(['item.done', 'item.move', 'item.done', 'item.move', 'item.done', 'item.move']);
    // Each pair acts on one item: ✓ and 改期 side by side carry the same item id.
    expect(reminder.buttons![4]!.value).toEqual(reminder.buttons![5]!.value);
    const qa = reminder.buttons![4]!;
    const tap = async (as: string) =>
      (await built.app.inject({ method: 'POST', url: '/console/actions', payload: { as, action: qa.action, value: qa.value } })).json()
        .replies[0];
    const first = await tap('小李');
    expect(first.reply.title).toBe('已记录：技术答疑 · 华东重工');
    expect(first.reply.lines[0]).toMatch(/ · 11-26$/); // the compact log card: the day on its first line
    expect(built.services.repos.dueItems.byId(Number(qa.value.itemId))!.status).toBe('done');
    const again = await tap('小李');
    expect(again.reply.lines[0]).toContain('之前已经记录过');
    expect(
      built.services.db.$client.prepare("SELECT count(*) AS n FROM action_logs WHERE source_message_id LIKE 'item-done:%'").get(),
    ).toEqual({ n: 1 });
  });

  it("/我的 offers the same buttons for open items only; a rep cannot complete a colleague's item", async () => {
    const built = await buildTestApp({
      now: THURSDAY_1607,
      seed: (s) => {
        seedJobsTeam(s);
      },
    });
    app = built.app;
    const my = (await built.app.inject({ method: 'POST', url: '/console/messages', payload: { as: '小李', text: '/我的' } })).json()
      .replies[0].reply as CardReply;
    const open = my.table!.rows.filter((r) => r[3] === '待完成').length;
    // A ✓ and a 改期 for each open item (the first five), in pairs.
    expect(my.buttons?.map((b) => b.action)).toEqual(Array.from({ length: Math.min(5, open) }, () => ['item.done', 'item.move']).flat());
    expect(my.buttons).toHaveLength(Math.min(5, open) * 2);
    const other = built.services.repos.members.all().find((m) => m.role === 'rep' && m.name !== '小李');
    expect(other).toBeDefined();
    const res = await built.app.inject({
      method: 'POST',
      url: '/console/actions',
      payload: { as: other!.name, action: 'item.done', value: my.buttons![0]!.value },
    });
    expect(res.json().replies[0].text).toContain('其他同事的待办');
  });
});
