import { describe, expect, it } from 'vitest';
import { card, text } from '../../src/core/reply.js';
import { decodeButtonKey } from '../../src/platforms/wecom/card-keys.js';
import { parseRobotKeys } from '../../src/platforms/wecom/groups.js';
import { parseAppXml } from '../../src/platforms/wecom/parse.js';
import { createRateLimiter } from '../../src/platforms/wecom/rate-limit.js';
import { isValidTaskId, newTaskId, renderAppMessage, renderMarkdown, TEXT_MAX_BYTES } from '../../src/platforms/wecom/render.js';

const ctx = { taskId: newTaskId(Date.UTC(2026, 10, 26)), cardUrl: 'https://example.test/' };

describe('WeCom rendering limits', () => {
  it('keeps text within 2048 bytes of UTF-8 and says it was cut', () => {
    const out = renderAppMessage(text('作'.repeat(3000)), ctx);
    if (out.msgtype !== 'text') throw new Error('expected text');
    expect(Buffer.byteLength(out.text.content)).toBeLessThanOrEqual(TEXT_MAX_BYTES);
    expect(out.text.content).toContain('已截断');
  });

  it('renders a card with buttons as button_interaction and one without as text_notice with card_action', () => {
    const withButtons = renderAppMessage(
      card({ title: '已记录', colour: 'green', buttons: [{ label: '撤销', action: 'log.undo', value: { logId: '1' } }] }),
      ctx,
    );
    const plain = renderAppMessage(card({ title: '周报', colour: 'blue', lines: ['a'] }), ctx);
    expect(withButtons).toMatchObject({ msgtype: 'template_card', template_card: { card_type: 'button_interaction' } });
    expect(plain).toMatchObject({
      msgtype: 'template_card',
      template_card: { card_type: 'text_notice', card_action: { type: 1, url: 'https://example.test/' } },
    });
  });

  it('cuts a long table and too many fields/buttons, saying how much is missing and how to see it', () => {
    const big = card({
      title: '一个非常非常非常非常非常非常非常非常长的标题超过二十六个字',
      colour: 'blue',
      more: '发送 /我的 查看全部',
      // Labels and values that fit whole go in the horizontal list (at most six); the rest become body lines.
      fields: Array.from({ length: 9 }, (_, i) => ({ label: `字段${i}`, value: 'v'.repeat(20) })),
      table: { columns: ['客户', '动作'], rows: Array.from({ length: 400 }, (_, i) => [`客户${i}`, '回访']) },
      buttons: Array.from({ length: 8 }, (_, i) => ({ label: `按钮${i}`, action: 'x', value: { i: String(i) } })),
    });
    const out = renderAppMessage(big, ctx);
    if (out.msgtype !== 'template_card') throw new Error('expected card');
    const tc = out.template_card as unknown as {
      main_title: { title: string };
      sub_title_text: string;
      horizontal_content_list: Array<{ keyname: string; value: string }>;
      button_list: Array<{ key: string; text: string }>;
    };
    expect([...tc.main_title.title].length).toBeLessThanOrEqual(26);
    expect([...tc.sub_title_text].length).toBeLessThanOrEqual(112);
    expect(tc.sub_title_text).toMatch(/另有 \d+ 项未显示，发送 \/我的 查看全部/);
    expect(tc.horizontal_content_list).toHaveLength(6);
    for (const h of tc.horizontal_content_list) {
      expect([...h.keyname].length).toBeLessThanOrEqual(5);
      expect([...h.value].length).toBeLessThanOrEqual(26);
    }
    expect(tc.button_list).toHaveLength(6);
    expect(new Set(tc.button_list.map((b) => b.key)).size).toBe(6);
    expect(decodeButtonKey(tc.button_list[2]!.key)).toEqual({ action: 'x', value: { i: '2' } });
    expect(renderMarkdown(big, 4096).length).toBeGreaterThan(0);
    expect(Buffer.byteLength(renderMarkdown(big, 4096))).toBeLessThanOrEqual(4096);
  });

  it('makes task ids of allowed characters, ≤ 128 bytes, unique', () => {
    const ids = new Set(Array.from({ length: 100 }, () => newTaskId(0)));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(isValidTaskId(id)).toBe(true);
  });
});

describe('WeCom parsing', () => {
  it('keeps numbers as strings and reports unknown types as unsupported', () => {
    const ev = parseAppXml(
      '<xml><FromUserName>u</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>12345678901234567890</Content><MsgId>98765432109876543210</MsgId></xml>',
    ).event;
    expect(ev).toMatchObject({ kind: 'message', text: '12345678901234567890', eventId: 'app:98765432109876543210' });
    expect(parseAppXml('<xml><FromUserName>u</FromUserName><MsgType>image</MsgType></xml>').event).toEqual({
      kind: 'unsupported',
      platform: 'wecom',
      type: 'image',
    });
    expect(parseAppXml('<xml><FromUserName>u</FromUserName><MsgType>event</MsgType><Event>enter_agent</Event></xml>').event.kind).toBe(
      'unsupported',
    );
  });

  it('reads WECOM_GROUP_ROBOT_KEYS', () => {
    expect([...parseRobotKeys('华东区=k1, 华南区=k2;bad')]).toEqual([
      ['华东区', 'k1'],
      ['华南区', 'k2'],
    ]);
  });
});

describe('per-member rate limit', () => {
  it('lets 30 through in a minute and holds the 31st until the window moves', async () => {
    let now = 0;
    const waits: number[] = [];
    const limiter = createRateLimiter({
      limit: 30,
      windowMs: 60_000,
      now: () => now,
      sleep: async (ms) => {
        waits.push(ms);
        now += ms;
      },
    });
    for (let i = 0; i < 30; i++) {
      await limiter.acquire('u1');
      now += 100;
    }
    await limiter.acquire('u2');
    expect(waits).toEqual([]);
    await limiter.acquire('u1');
    expect(waits).toEqual([57_000]);
  });
});

describe('WeCom cards for a phone (issue 15 item 1)', () => {
  it('shows the headline as emphasis_content on a text_notice, within its limits (title ≤ 10, desc ≤ 15)', () => {
    const out = renderAppMessage(
      card({ title: '热力图', colour: 'red', headline: { label: '红色客户', value: '28 家', emphasis: 'red' }, lines: ['a'] }),
      ctx,
    );
    expect(out).toMatchObject({
      msgtype: 'template_card',
      template_card: { card_type: 'text_notice', emphasis_content: { title: '28 家', desc: '红色客户' } },
    });
    // Too long for emphasis_content: the headline becomes the body's first line, whole.
    const long = renderAppMessage(
      card({ title: 't', colour: 'blue', headline: { label: '上周区域完成率', value: '69%（37/54）件数很多' }, lines: ['a'] }),
      ctx,
    );
    if (long.msgtype !== 'template_card') throw new Error('expected card');
    expect(long.template_card.emphasis_content).toBeUndefined();
    expect(long.template_card.sub_title_text).toBe('上周区域完成率：69%（37/54）件数很多\na');
  });

  it('never cuts a body line mid-word on a button card: whole lines, then where to see the rest', () => {
    const out = renderAppMessage(
      card({
        title: '本周待办',
        colour: 'blue',
        lines: ['一条很长的记录说明'.repeat(20)],
        table: { columns: ['日期', '客户'], rows: Array.from({ length: 30 }, (_, i) => [`11-${10 + i}`, `客户${i}`]) },
        buttons: [{ label: '✓', action: 'item.done', value: { itemId: '1' } }],
        more: '发送 /看板 查看全部待办',
      }),
      ctx,
    );
    if (out.msgtype !== 'template_card') throw new Error('expected card');
    const sub = String(out.template_card.sub_title_text);
    expect([...sub].length).toBeLessThanOrEqual(112);
    const lines = sub.split('\n');
    expect(lines.at(-1)).toMatch(/^另有 \d+ 项未显示，发送 \/看板 查看全部待办$/);
    for (const l of lines.slice(0, -1)) expect(l).not.toContain('…');
  });

  it('drops table colours before rows in markdown, and a cut says where to see the rest', () => {
    const rows = Array.from({ length: 40 }, (_, i) => [`销售${i}`, '绿3 黄1', '红2']);
    const colours = rows.map(() => [null, 'yellow', 'red'] as const);
    const heat = card({
      title: '热力图',
      colour: 'red',
      table: { columns: ['销售', '孵化', '成长'], rows, colours: colours.map((r) => [...r]) },
      more: '发送 /看板 查看完整热力图',
    });
    const md = renderMarkdown(heat, TEXT_MAX_BYTES);
    expect(md).toContain('销售39 · 绿3 黄1 · 红2');
    expect(md).not.toContain('<font color="warning">绿3');
    const huge = card({ ...heat, table: { columns: ['销售'], rows: Array.from({ length: 400 }, (_, i) => [`销售${i}号`]) } });
    const cut = renderMarkdown(huge, TEXT_MAX_BYTES);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(TEXT_MAX_BYTES);
    expect(cut.split('\n').at(-1)).toMatch(/^……另有 \d+ 行未显示。发送 \/看板 查看完整热力图$/);
  });
});
