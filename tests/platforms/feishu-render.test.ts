import { describe, expect, it } from 'vitest';
import { card, text } from '../../src/core/reply.js';
import { parseCardAction, parseMessage, stripMentions } from '../../src/platforms/feishu/parse.js';
import { cardBytes, MAX_CARD_BYTES, renderCard, renderMessage } from '../../src/platforms/feishu/render.js';
import { cardPayload, fixture, messagePayload } from '../helpers/feishu-sign.js';

// The dispatcher hands handlers {...header, ...event} (docs/platforms/feishu.md §1.3); mimic that flattening.
const flat = (p: any) => ({ ...p.header, ...p.event, schema: p.schema });

describe('feishu parse', () => {
  it('parses the official group example: @_user_1 removed, dedupe key = message_id', () => {
    const e = parseMessage(flat(fixture('im.message.receive_v1.group.json')));
    expect(e).toMatchObject({
      kind: 'message',
      platform: 'feishu',
      eventId: 'om_5ce6d572455d361153b7cb51da133945',
      text: 'hello',
      chat: { kind: 'group', chatId: 'oc_5ce6d572455d361153b7xx51da133945' },
      sender: { userId: 'ou_84aad35d084aa403a838cf73ee18467' },
    });
  });

  it('parses a DM and keeps its text', () => {
    const e = parseMessage(flat(messagePayload({ text: '/log 现场回访 华东重工', messageId: 'om_1', userId: 'ou_a' })));
    expect(e).toMatchObject({ kind: 'message', text: '/log 现场回访 华东重工', chat: { kind: 'dm', chatId: 'oc_dm_ou_a' } });
  });

  it('strips mentions using `mentions` and ignores @_all', () => {
    expect(stripMentions('@_user_1 /log 高层拜访 客户A', [{ key: '@_user_1' }])).toBe('/log 高层拜访 客户A');
    expect(stripMentions('@_user_1 /my @_user_12 x', [{ key: '@_user_1' }, { key: '@_user_12' }])).toBe('/my x');
    expect(stripMentions('@_all 明天开会')).toBe('明天开会');
    const atAll = parseMessage(flat(messagePayload({ text: '@_all 明天开会', messageId: 'om_2', userId: 'ou_a', chat: 'group' })));
    expect(atAll).toMatchObject({ kind: 'unsupported' });
  });

  it('in groups without a mention, only slash commands are taken (group_msg scope)', () => {
    const chatter = parseMessage(flat(messagePayload({ text: '大家好', messageId: 'om_3', userId: 'ou_a', chat: 'group' })));
    expect(chatter.kind).toBe('unsupported');
    const cmd = parseMessage(flat(messagePayload({ text: '/my', messageId: 'om_4', userId: 'ou_a', chat: 'group' })));
    expect(cmd.kind).toBe('message');
  });

  it('ignores non-text messages and bots', () => {
    const p = messagePayload({ text: 'x', messageId: 'om_5', userId: 'ou_a' });
    p.event.message.message_type = 'image';
    expect(parseMessage(flat(p)).kind).toBe('unsupported');
    const b = messagePayload({ text: 'x', messageId: 'om_6', userId: 'ou_a' });
    b.event.sender.sender_type = 'app';
    expect(parseMessage(flat(b)).kind).toBe('unsupported');
  });

  it('parses our button value from card.action.trigger; the official example value is foreign', () => {
    const ours = parseCardAction(
      flat(cardPayload({ userId: 'ou_a', value: { action: 'log.undo', value: { logId: '7' } }, messageId: 'om_c' })),
      () => 'group',
    );
    expect(ours).toMatchObject({
      kind: 'card_action',
      action: 'log.undo',
      value: { logId: '7' },
      messageId: 'om_c',
      sender: { userId: 'ou_a' },
    });
    expect(parseCardAction(flat(fixture('card.action.trigger.json')), () => 'group').kind).toBe('unsupported');
  });
});

describe('feishu render', () => {
  const withButtons = card({
    title: '已记录',
    colour: 'green',
    lines: ['现场回访 · 华东重工'],
    fields: [{ label: '客户', value: '华东重工' }],
    table: { columns: ['客户', '状态'], rows: [['华东重工', '逾期']], colours: [[null, 'red']] },
    note: '发送 /我的 查看全部',
    buttons: [{ label: '撤销', action: 'log.undo', value: { logId: '1' }, style: 'danger' }],
  });

  it('renders JSON 2.0 with update_multi, a header and an object button value', () => {
    const c = renderCard(withButtons) as any;
    expect(c.schema).toBe('2.0');
    expect(c.config).toEqual({ update_multi: true, summary: { content: '已记录' } }); // issue 15: a chat-list preview on every card
    expect(c.header).toEqual({ title: { tag: 'plain_text', content: '已记录' }, template: 'green' });
    const json = JSON.stringify(c);
    expect(json).toContain('"behaviors":[{"type":"callback","value":{"action":"log.undo","value":{"logId":"1"}}}]');
    const table = c.body.elements.find((e: any) => e.tag === 'table');
    expect(table.columns[1].data_type).toBe('options');
    expect(table.rows[0]).toEqual({ c0: '华东重工', c1: [{ text: '逾期', color: 'red' }] });
  });

  it('draws a chart reply as a card chart element, leaving out weeks without a value', () => {
    const c = renderCard(
      card({
        title: '周报',
        colour: 'blue',
        chart: {
          title: '近 3 周完成率（%）',
          kind: 'line',
          points: [
            { label: '11-09', value: null },
            { label: '11-16', value: 58 },
            { label: '11-23', value: 79 },
          ],
          threshold: { value: 70, label: '预警线 70%' },
        },
      }),
    ) as any;
    const chart = c.body.elements.find((e: any) => e.tag === 'chart');
    expect(chart.chart_spec).toMatchObject({
      type: 'line',
      xField: 'x',
      yField: 'y',
      data: {
        values: [
          { x: '11-16', y: 58 },
          { x: '11-23', y: 79 },
        ],
      },
    });
    expect(chart.chart_spec.markLine[0]).toMatchObject({ y: 70 });
  });

  it('renders text as a text message and cards as interactive messages', () => {
    expect(renderMessage(text('你好'))).toEqual({ msg_type: 'text', content: '{"text":"你好"}' });
    const m = renderMessage(withButtons);
    expect(m.msg_type).toBe('interactive');
    expect(JSON.parse(m.content).schema).toBe('2.0');
  });

  it('cuts long lists under 30 KB with a note of how many more and how to see them', () => {
    const rows = Array.from({ length: 400 }, (_, i) => [`客户${i}号有一个很长很长的名字用来撑大卡片`, '现场回访']);
    const big = card({ title: '长列表', colour: 'blue', table: { columns: ['客户', '动作'], rows } });
    const c = renderCard(big) as any;
    expect(cardBytes(c)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(MAX_CARD_BYTES).toBeLessThanOrEqual(30 * 1024);
    const shown = c.body.elements.find((e: any) => e.tag === 'table').rows.length;
    expect(shown).toBeGreaterThan(10);
    expect(shown).toBeLessThan(400);
    expect(JSON.stringify(c)).toContain(`还有 ${400 - shown} 行未显示`);
    expect(JSON.stringify(c)).toContain('重新发送命令即可查看');
  });

  it('cuts a card whose text alone is too large', () => {
    const huge = card({
      title: '大',
      colour: 'red',
      lines: ['很长的内容'.repeat(5000)],
      buttons: [{ label: '好', action: 'x', value: {} }],
    });
    const c = renderCard(huge);
    expect(cardBytes(c)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(JSON.stringify(c)).toContain('已截断');
    expect(JSON.stringify(c)).toContain('"content":"好"');
  });
});

describe('feishu cards for a phone (issue 15 item 1)', () => {
  const team = (n: number) =>
    card({
      title: '团队',
      colour: 'blue',
      table: { columns: ['销售', '完成率'], rows: Array.from({ length: n }, (_, i) => [`销售${i}`, '80%']) },
    });
  const tables = (c: unknown) => (c as { body: { elements: any[] } }).body.elements.filter((e) => e.tag === 'table');

  it.each([12, 20, 50])('shows a team of %i on one screen: every row on the first page of a table of at most 10 (page_size 1-10)', (n) => {
    const ts = tables(renderCard(team(n)));
    expect(ts.length).toBeLessThanOrEqual(5);
    for (const t of ts) expect(t.page_size).toBeLessThanOrEqual(10);
    expect(ts.reduce((a, t) => a + t.page_size, 0)).toBe(n);
    expect(ts.reduce((a, t) => a + t.rows.length, 0)).toBe(n);
  });

  it('puts the headline first as a markdown figure, bold and coloured, with markdown characters escaped', () => {
    const c = renderCard(
      card({
        title: '预警',
        colour: 'orange',
        headline: { label: '完成率', value: '20% → 0%', emphasis: 'red' },
        lines: ['普通一行'],
        fields: [
          { label: '客户', value: '*华东*<b>重工</b>' },
          { label: '核对', value: '一致 ✓', emphasis: 'green' },
        ],
      }),
    ) as { body: { elements: any[] } };
    const [first] = c.body.elements;
    expect(first).toEqual({ tag: 'markdown', content: "完成率 <font color='red'>**20% → 0%**</font>", text_size: 'heading' });
    const json = JSON.stringify(c);
    expect(json).toContain("<font color='green'>**一致 ✓**</font>");
    expect(json).toContain('*华东*<b>重工</b>'); // an ordinary field stays plain_text, shown as typed
    expect(renderCard(card({ title: 't', colour: 'blue', headline: { label: '客户', value: '*A*<b>' } })).body.elements[0]).toMatchObject({
      content: '客户 **&#42;A&#42;&#60;b&#62;**',
    });
  });
});
