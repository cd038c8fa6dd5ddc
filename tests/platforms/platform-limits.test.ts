import { describe, expect, it } from 'vitest';
import { FEISHU_CARD_MAX_BYTES, platformLimits, WECOM_TEXT_MAX_BYTES } from './platform-limits.js';

// The limit checks the adapter contract relies on must be able to fail: each flags a message over the limit.

const card = (over: Record<string, unknown> = {}) => ({
  card_type: 'text_notice',
  task_id: 'wr_1',
  main_title: { title: '周报' },
  card_action: { type: 1, url: 'https://x/' },
  ...over,
});

describe('platform limit checks', () => {
  it('Feishu: a card of 30 KB passes, one byte more fails', () => {
    const content = (n: number) => JSON.stringify({ t: 'a'.repeat(n - 8) });
    expect(platformLimits.feishu({ msg_type: 'interactive', content: content(FEISHU_CARD_MAX_BYTES) })).toEqual([]);
    expect(platformLimits.feishu({ msg_type: 'interactive', content: content(FEISHU_CARD_MAX_BYTES + 1) })).toHaveLength(1);
  });

  it('WeCom app: text over 2048 bytes and every template-card field over its limit fail', () => {
    expect(platformLimits.wecomApp({ msgtype: 'text', text: { content: '作'.repeat(WECOM_TEXT_MAX_BYTES / 3 + 1) } })).toHaveLength(1);
    expect(platformLimits.wecomApp({ msgtype: 'template_card', template_card: card() })).toEqual([]);
    const bad = card({
      card_type: 'button_interaction',
      task_id: 'has space',
      main_title: { title: '题'.repeat(27) },
      sub_title_text: '字'.repeat(113),
      horizontal_content_list: Array.from({ length: 7 }, () => ({ keyname: '六个字的名字', value: '值'.repeat(27) })),
      button_list: Array.from({ length: 7 }, () => ({ text: '十一个字的按钮文字啊啊' })),
    });
    const v = platformLimits.wecomApp({ msgtype: 'template_card', template_card: bad });
    for (const what of [
      'main_title',
      'sub_title_text',
      'horizontal_content_list',
      'keyname',
      'value of',
      'button_list',
      'button 十一',
      'task_id',
    ])
      expect(v.join('\n')).toContain(what);
  });

  it('WeCom AI bot: a stream over 20480 bytes fails', () => {
    expect(platformLimits.wecomBot({ markdown: 'a'.repeat(20480) })).toEqual([]);
    expect(platformLimits.wecomBot({ markdown: 'a'.repeat(20481), card: card() })).toHaveLength(1);
  });
});
