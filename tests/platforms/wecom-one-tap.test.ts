import { decrypt as libDecrypt } from '@wecom/crypto';
import { describe, expect, it } from 'vitest';
import type { CardReply } from '../../src/core/reply.js';
import { dueItems } from '../../src/db/schema.js';
import { runWarnings } from '../../src/jobs/warnings.js';
import { deliverDue } from '../../src/method/delivery/outbox.js';
import { decodeButtonKey } from '../../src/platforms/wecom/card-keys.js';
import { renderAppMessage } from '../../src/platforms/wecom/render.js';
import { openWecomApp } from '../helpers/fake-wecom.js';
import { appCardEventXml, botCardEvent, botText, sealed, TEST_BOT } from '../helpers/wecom-crypto.js';
import { addItem, MONDAY_0907 } from '../jobs/setup.js';

// Issue 15: 「✓ 完成」 and 「改期」 for each open item, and the warning's 安排辅导, through WeCom's own click path:
// encrypted AI-bot callbacks carrying a template-card click in the documented shape (event.template_card_event,
// docs/platforms/wecom.md §5.2) and the flat one. The fixed clock is Thursday 2026-11-26 in Asia/Shanghai.

type Card = { task_id: string; sub_title_text?: string; button_list: Array<{ text: string; key: string }> };
type App = Awaited<ReturnType<typeof openWecomApp>>;

function botClient(t: App, from: string) {
  let n = 0;
  const post = async (body: unknown) => {
    const s = sealed(TEST_BOT, JSON.stringify(body));
    const res = await t.app.inject({
      method: 'POST',
      url: `/wecom/bot?${s.query}`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ encrypt: s.encrypt }),
    });
    const out = res.body ? (JSON.parse(res.body) as { encrypt: string }) : null;
    return out ? JSON.parse(libDecrypt(TEST_BOT.encodingAesKey, out.encrypt).message) : null;
  };
  const say = async (text: string) => post(botText({ from, text, msgId: `${from}-${++n}` }));
  const press = async (card: Card, label: string, flat = false) => {
    const b = card.button_list.find((x) => x.text.startsWith(label));
    expect(b, `a button 「${label}」 among ${card.button_list.map((x) => x.text).join(', ')}`).toBeDefined();
    return post(botCardEvent({ from, msgId: `${from}-${++n}`, eventKey: b!.key, taskId: card.task_id, flat }));
  };
  return { say, press };
}

const itemIdOf = (key: string) => decodeButtonKey(key)?.value.itemId;

describe('WeCom: 「✓」 and 「改期」 for each open item', () => {
  it("/我的 with three open items: six buttons, a ✓ and a 改期 per item; an item's 改期 moves that item", async () => {
    const t = await openWecomApp();
    t.bind('小李', 'u-li');
    const li = botClient(t, 'u-li');
    const my = (await li.say('/我的')).template_card as Card;
    const actions = my.button_list.map((b) => decodeButtonKey(b.key)?.action);
    expect(actions).toEqual(['item.done', 'item.move', 'item.done', 'item.move', 'item.done', 'item.move']);
    // Pairs: the ✓ and the 改期 beside it act on the same item; three items, three ids.
    const ids = my.button_list.map((b) => itemIdOf(b.key));
    expect([ids[0], ids[2], ids[4]]).toEqual([ids[1], ids[3], ids[5]]);
    expect(new Set(ids).size).toBe(3);
    const dates = (await li.press(my, '改期·现场回访')).template_card as Card;
    expect(dates.button_list.map((b) => b.text)).toEqual(['11月26日 周四', '11月27日 周五', '11月30日 周一']);
    const moved = (await li.press(dates, '11月27日', true)).template_card as Card;
    expect(JSON.stringify(moved)).toContain('已改期');
    const revisit = t.services.repos.dueItems.byId(Number(itemIdOf(my.button_list[3]!.key)))!;
    expect([revisit.actionCode, revisit.dueDate]).toEqual(['onsite_revisit', '2026-11-27']);
  });

  it('more open items than six buttons hold: the last line says how to do the rest, and /改期 <客户> does it', async () => {
    const t = await openWecomApp();
    t.bind('小李', 'u-li');
    const li = t.services.repos.members.byName('小李')[0]!;
    const customer = (name: string) => t.services.repos.customers.all().find((c) => c.name === name)!;
    // Two more open items this week, one of them movable (its window runs to 12-04).
    addItem(t.services, li.id, customer('华东精密机械').id, '2026-11-26', 'open', 'satisfaction_survey');
    t.services.db
      .insert(dueItems)
      .values({
        memberId: li.id,
        customerId: customer('华东精密机械').id,
        actionCode: 'tech_qa',
        period: 'T-extra',
        windowStart: '2026-11-23',
        windowEnd: '2026-12-04',
        dueDate: '2026-11-26',
        status: 'open',
      })
      .run();
    const bot = botClient(t, 'u-li');
    const my = (await bot.say('/我的')).template_card as Card;
    // Five open items, buttons for three: the cut is whole items, and it is said.
    const open = t.services.repos.dueItems.forMemberBetween(li.id, '2026-11-23', '2026-11-29').filter((i) => i.status === 'open');
    expect(open).toHaveLength(5);
    expect(my.button_list).toHaveLength(6);
    expect(new Set(my.button_list.map((b) => itemIdOf(b.key))).size).toBe(3);
    const lastLine = my.sub_title_text!.split('\n').at(-1)!;
    expect(lastLine).toMatch(/^另有 \d+ 项未显示，其余待办发送 \/记录 或 \/改期 <客户>，全部见 \/看板$/);
    const dates = (await bot.say('/改期 技术答疑 华东精密机械')).template_card as Card; // one match: its dates at once
    const moved = (await bot.press(dates, '12月3日')).template_card as Card;
    expect(JSON.stringify(moved)).toContain('已改期');
    const extra = t.services.repos.dueItems.forMemberBetween(li.id, '2026-11-23', '2026-12-06').find((i) => i.period === 'T-extra')!;
    expect(extra.dueDate).toBe('2026-12-03');
  });
});

describe('WeCom: 安排辅导 on the warning DM', () => {
  it.each([false, true])('click (flat: %s), pick a date, and the session is on the manager /我的', async (flat) => {
    const t = await openWecomApp();
    t.bind('张经理', 'u-zhang');
    const li = t.services.repos.members.byName('小李')[0]!;
    const customer = t.services.repos.customers.all().find((c) => c.name === '华东重工')!;
    // Two weeks under 70% (as tests/jobs/setup.ts seedJobsTeam does): the Monday warning names 小李.
    addItem(t.services, li.id, customer.id, '2026-11-17');
    addItem(t.services, li.id, customer.id, '2026-11-19');
    const key = runWarnings(t.services, new Date(MONDAY_0907)).enqueued.find((k) => k.startsWith(`warning:${li.id}:`))!;
    const warning = JSON.parse(t.services.repos.outbox.byKey(key)!.payloadJson) as CardReply;
    // The DM as WeCom's message/send carries it: the real renderer, the real button keys.
    const dm = renderAppMessage(warning, { taskId: 'wr_warning_1', cardUrl: 'https://example.invalid/' });
    if (dm.msgtype !== 'template_card') throw new Error(`the warning went as ${dm.msgtype}`);
    const zhang = botClient(t, 'u-zhang');
    const ask = (await zhang.press(dm.template_card as unknown as Card, '安排辅导', flat)).template_card as Card;
    expect(ask.button_list.map((b) => b.text)).toEqual(['11月27日 周五', '11月30日 周一', '12月1日 周二', '12月2日 周三', '12月3日 周四']);
    const set = await zhang.press(ask, '11月27日', flat);
    expect(JSON.stringify(set)).toContain('已安排：11月27日 周五 辅导 小李');
    expect(t.services.db.$client.prepare('SELECT count(*) AS n FROM coaching_items').get()).toEqual({ n: 1 });
    const my = JSON.stringify(await zhang.say('/我的'));
    expect(my).toContain('一对一辅导');
    expect(my).toMatch(/11-27[^"]*小李[^"]*一对一辅导/);
  });
});

describe('WeCom: 安排辅导 on the warning DM sent by the app (message/send), clicked in the app', () => {
  it('the app callback click asks for a date, the date sets the session, the manager /我的 shows it', async () => {
    const t = await openWecomApp();
    t.bind('张经理', 'u-zhang');
    const li = t.services.repos.members.byName('小李')[0]!;
    const customer = t.services.repos.customers.all().find((c) => c.name === '华东重工')!;
    addItem(t.services, li.id, customer.id, '2026-11-17');
    addItem(t.services, li.id, customer.id, '2026-11-19');
    runWarnings(t.services, new Date(MONDAY_0907));
    // The outbox sends the row (due from the Monday it was written for) through the WeCom app, as in production.
    expect(await deliverDue(t.services, [t.adapter], new Date(MONDAY_0907))).toMatchObject({ sent: 1 });
    const dm = t.fake.callsTo('/cgi-bin/message/send').find((c) => JSON.stringify(c.body).includes('安排辅导'))!;
    expect(dm.body!.touser).toBe('u-zhang');
    const card = dm.body!.template_card as Card;
    let n = 0;
    /** The app's template_card_event XML; the answer replaces the card through update_template_card (docs/platforms/wecom.md §5.1). */
    const press = async (c: Card, label: string) => {
      const b = c.button_list.find((x) => x.text.startsWith(label))!;
      expect(b, label).toBeDefined();
      const code = `rc-${++n}`;
      await t.postApp(appCardEventXml({ from: 'u-zhang', eventKey: b.key, taskId: c.task_id, responseCode: code }));
      await t.adapter.idle();
      const update = t.fake.callsTo('/cgi-bin/message/update_template_card').find((u) => u.body!.response_code === code)!;
      return update.body!.template_card as Card;
    };
    const ask = await press(card, '安排辅导');
    expect(ask.button_list.map((b) => b.text)[0]).toBe('11月27日 周五');
    expect(JSON.stringify(await press(ask, '11月27日'))).toContain('已安排：11月27日 周五 辅导 小李');
    await t.sendText('/我的', 'u-zhang', 'm-zhang-my');
    await t.adapter.idle();
    const my = JSON.stringify(t.fake.callsTo('/cgi-bin/message/send').at(-1)!.body);
    expect(my).toMatch(/11-27[^"]*小李[^"]*一对一辅导/);
  });
});
