import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { CardReply } from '../../src/core/reply.js';
import { runReminders } from '../../src/jobs/reminders.js';
import { seedSmallTeam } from '../helpers/team.js';
import { buildTestApp } from '../helpers/test-app.js';
import { addItem, outboxRows } from '../jobs/setup.js';

// The one-tap follow-ups of issue 15 item 3 through the console router: a note by reply after
// 「✓ 完成」, 「改期」 inside an item's window, and 安排辅导 onto the manager's own list.
// The fixed clock is Thursday 2026-11-26 10:00 in Asia/Shanghai.

let app: FastifyInstance | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

interface Answer {
  text?: string;
  reply?: CardReply;
}

async function setup() {
  let team!: ReturnType<typeof seedSmallTeam>;
  const built = await buildTestApp({ seed: (s) => void (team = seedSmallTeam(s)) });
  app = built.app;
  const say = async (as: string, text: string): Promise<Answer> =>
    (await built.app.inject({ method: 'POST', url: '/console/messages', payload: { as, text } })).json().replies[0];
  const click = async (as: string, action: string, value: Record<string, string>): Promise<Answer> =>
    (await built.app.inject({ method: 'POST', url: '/console/actions', payload: { as, action, value } })).json().replies[0];
  return { ...built, team, say, click };
}

describe('✓ 完成 with a note by reply', () => {
  it('the next plain message in the chat becomes the log note; a / message stays a command', async () => {
    const t = await setup();
    const done = await t.click('小李', 'item.done', { itemId: String(t.team.items.qa.id) });
    expect(done.reply!.lines!.join('')).toContain('回复这条消息可补充备注');
    const log = t.services.repos.logs.bySource('console', `item-done:${t.team.items.qa.id}`)!;
    expect((await t.say('小李', '/我的')).reply!.title).toBe('小李 · 本周待办');
    const noted = await t.say('小李', '  客户要一份\u202e报价单  ');
    expect(noted.text).toContain('已补充备注（华东重工）：客户要一份报价单');
    expect(t.services.repos.logs.byId(log.id)!.note).toBe('客户要一份报价单');
    // Only one note per tap: the next plain message is routed as usual.
    expect((await t.say('小李', '还有一句')).text).toContain('没有看懂');
    expect(t.services.repos.logs.byId(log.id)!.note).toBe('客户要一份报价单');
  });

  it('a message after the 10-minute window is not attached', async () => {
    const t = await setup();
    await t.click('小李', 'item.done', { itemId: String(t.team.items.qa.id) });
    t.clock.advance(10 * 60_000 + 1);
    expect((await t.say('小李', '客户要一份报价单')).text).toContain('没有看懂');
    expect(t.services.repos.logs.bySource('console', `item-done:${t.team.items.qa.id}`)!.note).toBeNull();
  });

  it('a note over 400 characters is refused in Chinese and a shorter one still fits; after 撤销 none is saved', async () => {
    const t = await setup();
    await t.click('小李', 'item.done', { itemId: String(t.team.items.qa.id) });
    expect((await t.say('小李', '长'.repeat(401))).text).toContain('备注最多 400 字，这条有 401 字');
    expect((await t.say('小李', '短备注')).text).toContain('已补充备注');
    await t.click('小李', 'item.done', { itemId: String(t.team.items.revisit.id) });
    // Undo keeps working on a one-tap log, and a note arriving afterwards is not saved on the voided log.
    await t.say('小李', '/撤销');
    const revisitLog = t.services.repos.logs.bySource('console', `item-done:${t.team.items.revisit.id}`)!;
    expect(revisitLog.status).toBe('voided');
    expect((await t.say('小李', '补一句')).text).toContain('已经撤销');
    expect(t.services.repos.logs.byId(revisitLog.id)!.note).toBeNull();
  });

  it("another member's message is never taken as the rep's note", async () => {
    const t = await setup();
    await t.click('小李', 'item.done', { itemId: String(t.team.items.qa.id) });
    expect((await t.say('老王', '客户要一份报价单')).text).toContain('没有看懂');
    expect(t.services.repos.logs.bySource('console', `item-done:${t.team.items.qa.id}`)!.note).toBeNull();
  });
});

describe('改期', () => {
  it('offers the working days left in the window and moves the item, recording who and when', async () => {
    const t = await setup();
    const pick = await t.click('小李', 'item.movePick', {});
    expect(pick.reply!.buttons!.map((b) => b.action)).toEqual(['item.move', 'item.move', 'item.move']);
    const dates = await t.click('小李', 'item.move', { itemId: String(t.team.items.revisit.id) });
    // Window 11-01…11-30, due 11-25, today 11-26: the weekend is not offered.
    expect(dates.reply!.buttons!.map((b) => b.value.to)).toEqual(['2026-11-26', '2026-11-27', '2026-11-30']);
    expect(dates.reply!.buttons!.every((b) => b.confirm?.includes('改到'))).toBe(true);
    const moved = await t.click('小李', 'item.moveTo', dates.reply!.buttons![2]!.value);
    expect(moved.reply!.title).toBe('已改期：现场回访 · 华东重工');
    expect(t.services.repos.dueItems.byId(t.team.items.revisit.id)!.dueDate).toBe('2026-11-30');
    expect(t.services.repos.oneTap.movesOf(t.team.items.revisit.id)).toMatchObject([
      { fromDate: '2026-11-25', toDate: '2026-11-30', movedById: t.team.li.id, at: t.clock.now().getTime() },
    ]);
    // Moved into next week: this week's /我的 and the Thursday reminder no longer list it.
    const my = (await t.say('小李', '/我的')).reply!;
    expect(my.table!.rows.some((r) => r[2] === '现场回访')).toBe(false);
    runReminders(t.services, t.clock.now());
    const reminder = JSON.parse(outboxRows(t.services)[0]!.payload_json) as CardReply;
    expect(reminder.table!.rows.map((r) => r[2])).not.toContain('现场回访');
    expect(reminder.table!.rows.length).toBeGreaterThan(0);
    // The stale button (made for 11-25) cannot move it again.
    expect((await t.click('小李', 'item.moveTo', dates.reply!.buttons![1]!.value)).text).toContain('已经改到 2026-11-30');
  });

  it('/改期 typed picks among the movable items, or goes straight to one named item; a word that matches none is explained', async () => {
    const t = await setup();
    const all = await t.say('小李', '/改期');
    expect(all.reply!.title).toBe('改期：选择要改的待办');
    expect(all.reply!.buttons!.map((b) => b.label).sort()).toEqual(
      ['技术答疑·华东重工', '现场回访·华东重工', '高层拜访·华东精密机械'].sort(),
    );
    // One match: its dates at once (exec_visit, window to 12-31: the next working days).
    const one = await t.say('小李', '/改期 华东精密机械');
    expect(one.reply!.title).toBe('改期：高层拜访 · 华东精密机械');
    expect(one.reply!.buttons!.every((b) => b.action === 'item.moveTo' && b.value.itemId === String(t.team.items.exec.id))).toBe(true);
    // Several words narrow it: action and customer.
    expect((await t.say('小李', '/改期 现场回访 华东重工')).reply!.title).toBe('改期：现场回访 · 华东重工');
    expect((await t.say('小李', '/改期 金陵机床')).text).toContain('本周能改期的待办里没有「金陵机床」');
    expect((await t.say('老王', '/改期')).text).toContain('本周没有还能改期的待办');
  });

  it('refuses outside the window, in the past, on a day off, and for a past week, in Chinese', async () => {
    const t = await setup();
    const qa = { itemId: String(t.team.items.qa.id), from: '2026-11-27' };
    expect((await t.click('小李', 'item.moveTo', { ...qa, to: '2026-11-30' })).text).toContain(
      '只能在这项待办的时间窗口内改期：2026-11-16 至 2026-11-29',
    );
    expect((await t.click('小李', 'item.moveTo', { ...qa, to: '2026-11-25' })).text).toContain('不能改到已经过去的日期');
    expect((await t.click('小李', 'item.moveTo', { ...qa, to: '2026-11-28' })).text).toContain('不是工作日');
    const old = addItem(t.services, t.team.li.id, t.team.customers.hdzg.id, '2026-11-17');
    expect((await t.click('小李', 'item.move', { itemId: String(old.id) })).text).toContain('以前几周的待办');
    expect(t.services.repos.dueItems.byId(t.team.items.qa.id)!.dueDate).toBe('2026-11-27');
    expect(t.services.repos.oneTap.movesOf(t.team.items.qa.id)).toEqual([]);
  });

  it('refuses a done item, and a colleague', async () => {
    const t = await setup();
    await t.click('小李', 'item.done', { itemId: String(t.team.items.qa.id) });
    const v = { itemId: String(t.team.items.qa.id) };
    expect((await t.click('小李', 'item.move', v)).text).toBe('这项待办已经完成，不能改期。');
    expect((await t.click('小李', 'item.moveTo', { ...v, from: '2026-11-27', to: '2026-11-26' })).text).toBe(
      '这项待办已经完成，不能改期。',
    );
    expect((await t.click('老王', 'item.move', { itemId: String(t.team.items.revisit.id) })).text).toContain('其他同事的待办');
  });
});

describe('安排辅导', () => {
  it('asks for a date, puts one session per rep and week on the manager /我的 and Thursday reminder', async () => {
    const t = await setup();
    const warning = { repId: String(t.team.li.id), week: '2026-11-23' };
    const ask = await t.click('张经理', 'warning.coach', warning);
    expect(ask.reply!.buttons!.map((b) => b.value.date)).toEqual(['2026-11-27', '2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03']);
    const set = await t.click('张经理', 'warning.coachOn', ask.reply!.buttons![0]!.value);
    expect(set.reply!.title).toBe('已安排：11月27日 周五 辅导 小李');
    const my = (await t.say('张经理', '/我的')).reply!;
    expect(my.table!.rows).toContainEqual(['11-27', '小李', '一对一辅导', '待完成']);
    // A second click shows the existing session; a stale date button adds nothing either.
    expect((await t.click('张经理', 'warning.coach', warning)).reply!.title).toBe('已安排过：11月27日 周五 辅导 小李');
    expect((await t.click('张经理', 'warning.coachOn', ask.reply!.buttons![1]!.value)).reply!.title).toContain('已安排过');
    expect(t.services.db.$client.prepare('SELECT count(*) AS n FROM coaching_items').get()).toEqual({ n: 1 });
    runReminders(t.services, t.clock.now());
    const payloads = outboxRows(t.services).map((r) => JSON.parse(r.payload_json) as CardReply);
    expect(payloads.find((p) => p.title === '张经理 · 本周辅导提醒')?.table?.rows).toEqual([['11-27', '小李', '一对一辅导']]);
  });

  it('refuses a rep, a past date and a day off', async () => {
    const t = await setup();
    const v = { repId: String(t.team.li.id), week: '2026-11-23' };
    expect((await t.click('小李', 'warning.coachOn', { ...v, date: '2026-11-27' })).text).toContain('只有 小李 的主管');
    expect((await t.click('张经理', 'warning.coachOn', { ...v, date: '2026-11-25' })).text).toContain('已经过去或不是工作日');
    expect((await t.click('张经理', 'warning.coachOn', { ...v, date: '2026-11-28' })).text).toContain('已经过去或不是工作日');
    expect(t.services.db.$client.prepare('SELECT count(*) AS n FROM coaching_items').get()).toEqual({ n: 0 });
  });
});
