import { describe, expect, it } from 'vitest';
import { runWarnings } from '../../src/jobs/warnings.js';
import { deliverDue } from '../../src/method/delivery/outbox.js';
import { openFeishuApp } from '../helpers/fake-feishu.js';
import { cardPayload, messagePayload } from '../helpers/feishu-sign.js';
import { addItem, MONDAY_0907 } from '../jobs/setup.js';

// Issue 15: 「✓ 完成」 and 「改期」 for each open item, and the warning's 安排辅导, through Feishu's own click path:
// signed, encrypted card.action.trigger callbacks (tests/fixtures/feishu), the answer being the card that replaces
// the clicked one (docs/platforms/feishu.md §3.3). The fixed clock is Thursday 2026-11-26 in Asia/Shanghai.

const TOKEN = 'v-token-1';
type Btn = { text: string; value: { action: string; value: Record<string, string> }; confirm?: unknown };
type App = Awaited<ReturnType<typeof openFeishuApp>>;

/** Every callback button of a card JSON, in order. */
function buttonsOf(card: unknown): Btn[] {
  const out: Btn[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    const o = n as Record<string, any>;
    if (o.tag === 'button' && o.behaviors?.[0]?.type === 'callback')
      out.push({ text: o.text.content, value: o.behaviors[0].value, ...(o.confirm ? { confirm: o.confirm } : {}) });
    Object.values(o).forEach(walk);
  };
  walk(card);
  return out;
}

function feishuUser(h: App, openId: string) {
  let n = 0;
  /** A DM to the bot; the answer is the card the bot sends back. */
  const say = async (text: string) => {
    const before = h.fake.messages().length;
    await h.post(messagePayload({ text, messageId: `om_${openId}_${++n}`, userId: openId, chat: 'p2p', token: TOKEN }));
    await h.adapter.idle();
    const sent = h.fake.messages().slice(before);
    expect(sent).toHaveLength(1);
    return JSON.parse(sent[0]!.body.content as string);
  };
  /** A click on the button whose label starts with `label`; the answer is the card that replaces the clicked one. */
  const press = async (card: unknown, label: string) => {
    const b = buttonsOf(card).find((x) => x.text.startsWith(label));
    expect(
      b,
      `a button 「${label}」 among ${buttonsOf(card)
        .map((x) => x.text)
        .join(', ')}`,
    ).toBeDefined();
    const res = await h.post(
      cardPayload({ userId: openId, value: b!.value, messageId: 'om_card_1', eventId: `cb_${openId}_${++n}`, token: TOKEN }),
    );
    expect(res.statusCode).toBe(200);
    await h.adapter.idle();
    return res.json().card.data as unknown;
  };
  return { say, press };
}

describe('Feishu: 「✓」 and 「改期」 for each open item', () => {
  it("/我的 gives every open item a ✓ and a 改期 side by side; an item's 改期 moves that item, with a confirm", async () => {
    const h = await openFeishuApp();
    h.bind('小李', 'ou_li');
    const li = feishuUser(h, 'ou_li');
    const my = await li.say('/我的');
    const buttons = buttonsOf(my);
    expect(buttons.map((b) => b.text)).toEqual([
      '✓ 华东精密机械',
      '改期·华东精密机械',
      '✓ 现场回访·华东重工',
      '改期·现场回访·华东重工',
      '✓ 技术答疑·华东重工',
      '改期·技术答疑·华东重工',
    ]);
    for (let i = 0; i < buttons.length; i += 2) expect(buttons[i]!.value.value).toEqual(buttons[i + 1]!.value.value);
    const dates = await li.press(my, '改期·现场回访');
    const choices = buttonsOf(dates);
    expect(choices.map((b) => b.text)).toEqual(['11月26日 周四', '11月27日 周五', '11月30日 周一']);
    expect(choices.every((b) => b.confirm)).toBe(true);
    expect(JSON.stringify(await li.press(dates, '11月30日'))).toContain('已改期：现场回访 · 华东重工');
    const moved = h.services.repos.dueItems.byId(Number(buttons[3]!.value.value.itemId))!;
    expect([moved.actionCode, moved.dueDate]).toEqual(['onsite_revisit', '2026-11-30']);
  });
});

describe('Feishu: 安排辅导 on the warning DM', () => {
  it('click, pick a date, and the session is on the manager /我的', async () => {
    const h = await openFeishuApp();
    h.bind('张经理', 'ou_zhang');
    const li = h.services.repos.members.byName('小李')[0]!;
    const customer = h.services.repos.customers.all().find((c) => c.name === '华东重工')!;
    // Two weeks under 70% (as tests/jobs/setup.ts seedJobsTeam does): the Monday warning names 小李.
    addItem(h.services, li.id, customer.id, '2026-11-17');
    addItem(h.services, li.id, customer.id, '2026-11-19');
    runWarnings(h.services, new Date(MONDAY_0907));
    // The outbox sends the DM (due from the Monday it was written for) through the Feishu adapter, as in production.
    expect(await deliverDue(h.services, [h.adapter], new Date(MONDAY_0907))).toMatchObject({ sent: 1 });
    const sent = h.fake.messages().find((m) => String(m.body.content).includes('安排辅导'))!;
    expect([sent.query.receive_id_type, sent.body.receive_id]).toEqual(['open_id', 'ou_zhang']);
    const dm = JSON.parse(sent.body.content as string);
    const zhang = feishuUser(h, 'ou_zhang');
    const ask = await zhang.press(dm, '安排辅导');
    expect(buttonsOf(ask).map((b) => b.text)).toEqual(['11月27日 周五', '11月30日 周一', '12月1日 周二', '12月2日 周三', '12月3日 周四']);
    expect(JSON.stringify(await zhang.press(ask, '11月27日'))).toContain('已安排：11月27日 周五 辅导 小李');
    expect(h.services.db.$client.prepare('SELECT count(*) AS n FROM coaching_items').get()).toEqual({ n: 1 });
    const my = JSON.stringify(await zhang.say('/我的'));
    expect(my).toContain('一对一辅导');
    expect(my).toMatch(/11-27.{0,80}小李.{0,80}一对一辅导/);
  });
});
