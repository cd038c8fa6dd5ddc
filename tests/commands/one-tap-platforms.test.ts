import { decrypt as libDecrypt } from '@wecom/crypto';
import { describe, expect, it } from 'vitest';
import { openFeishuApp } from '../helpers/fake-feishu.js';
import { openWecomApp } from '../helpers/fake-wecom.js';
import { cardPayload, messagePayload } from '../helpers/feishu-sign.js';
import { botCardEvent, botText, sealed, TEST_BOT } from '../helpers/wecom-crypto.js';

// The one-tap actions through both platforms' real click paths: Feishu's signed card.action.trigger
// (tests/fixtures/feishu) and WeCom's documented event.template_card_event (tests/fixtures/wecom).

const TOKEN = 'v-token-1';

describe('Feishu clicks', () => {
  it('✓ 完成 then a plain DM message is the note; 改期 moves the item', async () => {
    const h = await openFeishuApp();
    h.bind('小李', 'ou_li');
    const items = h.services.repos.dueItems.forMemberBetween(h.services.repos.members.byName('小李')[0]!.id, '2026-11-23', '2026-11-29');
    const qa = items.find((i) => i.actionCode === 'tech_qa')!;
    const revisit = items.find((i) => i.actionCode === 'onsite_revisit')!;
    const click = (value: unknown, eventId: string) =>
      h.post(cardPayload({ userId: 'ou_li', value, messageId: 'om_card_1', chatId: 'oc_dm_ou_li', eventId, token: TOKEN }));
    expect((await click({ action: 'item.done', value: { itemId: String(qa.id) } }, 'cb_done')).statusCode).toBe(200);
    await h.post(messagePayload({ text: '客户要报价单', messageId: 'om_note', userId: 'ou_li', chat: 'p2p', token: TOKEN }));
    await h.adapter.idle();
    const log = h.services.repos.logs.bySource('feishu', `item-done:${qa.id}`)!;
    expect(log.note).toBe('客户要报价单');
    const moved = await click(
      { action: 'item.moveTo', value: { itemId: String(revisit.id), from: '2026-11-25', to: '2026-11-27' } },
      'cb_move',
    );
    expect(moved.statusCode).toBe(200);
    await h.adapter.idle();
    expect(h.services.repos.dueItems.byId(revisit.id)!.dueDate).toBe('2026-11-27');
  });
});

describe('WeCom clicks (documented shape)', () => {
  it("/我的 → an item's 改期 → a date moves the item; ✓ 完成 then a plain message is the note", async () => {
    const t = await openWecomApp();
    t.bind('小李', 'u-li');
    const postBot = async (body: unknown) => {
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
    type Card = { task_id: string; button_list: Array<{ text: string; key: string }> };
    const press = async (card: Card, label: string, msgId: string) => {
      const b = card.button_list.find((x) => x.text.startsWith(label))!;
      expect(b, label).toBeDefined();
      return postBot(botCardEvent({ from: 'u-li', msgId, eventKey: b.key, taskId: card.task_id }));
    };
    const my = (await postBot(botText({ from: 'u-li', text: '/我的', msgId: 'w-1' }))).template_card as Card;
    // Each item has its own 改期 (WeCom cuts the label to 10 characters): straight to that item's dates.
    const dates = (await press(my, '改期·现场回访', 'w-3')).template_card as Card;
    expect(dates.button_list.map((b) => b.text)).toEqual(['11月26日 周四', '11月27日 周五', '11月30日 周一']);
    await press(dates, '11月30日', 'w-4');
    const revisit = t.services.repos.dueItems
      .forMemberBetween(t.services.repos.members.byName('小李')[0]!.id, '2026-11-23', '2026-12-06')
      .find((i) => i.actionCode === 'onsite_revisit')!;
    expect(revisit.dueDate).toBe('2026-11-30');
    const my2 = (await postBot(botText({ from: 'u-li', text: '/我的', msgId: 'w-5' }))).template_card as Card;
    await press(my2, '✓ 华东重工', 'w-6'); // 现场回访 moved out: the customer alone names the item
    await postBot(botText({ from: 'u-li', text: '下周再约一次', msgId: 'w-7' }));
    await t.adapter.idle?.();
    const log = t.services.db.$client.prepare("SELECT note FROM action_logs WHERE source_message_id LIKE 'item-done:%'").get();
    expect(log).toEqual({ note: '下周再约一次' });
  });
});
