import { describe, expect, it } from 'vitest';
import { parseChatDate } from '../../src/domain/chat-dates.js';

const TODAY = '2026-11-26'; // a Thursday

describe('chat dates', () => {
  it.each([
    ['今天', '2026-11-26'],
    ['昨天', '2026-11-25'],
    ['前天', '2026-11-24'],
    ['周一', '2026-11-23'],
    ['周四', '2026-11-26'],
    ['周五', '2026-11-20'],
    ['周日', '2026-11-22'],
    ['星期三', '2026-11-25'],
    ['11-20', '2026-11-20'],
    ['2026-11-20', '2026-11-20'],
    ['11/3', '2026-11-03'],
    ['11月3日', '2026-11-03'],
    ['2025-12-31', '2025-12-31'],
  ])('%s -> %s', (word, date) => {
    expect(parseChatDate(word, TODAY)).toEqual({ kind: 'date', date });
  });

  it('refuses a future date', () => {
    expect(parseChatDate('11-27', TODAY)).toEqual({ kind: 'future', date: '2026-11-27' });
    expect(parseChatDate('2027-01-01', TODAY).kind).toBe('future');
  });

  it('reads 上周X and 本周X, and refuses 明天, 后天, 下周X and a later 本周X as the future', () => {
    expect(parseChatDate('上周一', TODAY)).toEqual({ kind: 'date', date: '2026-11-16' });
    expect(parseChatDate('上周日', TODAY)).toEqual({ kind: 'date', date: '2026-11-22' });
    expect(parseChatDate('本周四', TODAY)).toEqual({ kind: 'date', date: '2026-11-26' });
    expect(parseChatDate('明天', TODAY)).toEqual({ kind: 'future', date: '2026-11-27' });
    expect(parseChatDate('后天', TODAY)).toEqual({ kind: 'future', date: '2026-11-28' });
    expect(parseChatDate('下周三', TODAY)).toEqual({ kind: 'future', date: '2026-12-02' });
    expect(parseChatDate('这周六', TODAY)).toEqual({ kind: 'future', date: '2026-11-28' });
  });

  it('calls a date-like word it cannot read invalid, never a note', () => {
    for (const w of ['上个月', '去年', '两天前', '上周', '下个月初', '周末', '周八'])
      expect(parseChatDate(w, TODAY)).toEqual({ kind: 'invalid', text: w });
    for (const w of ['明年续约有戏', '见了王总', '周报已发给对方']) expect(parseChatDate(w, TODAY).kind).toBe('not_a_date');
  });

  it('calls an impossible date invalid and a word not a date', () => {
    expect(parseChatDate('02-30', TODAY).kind).toBe('invalid');
    expect(parseChatDate('13-01', TODAY).kind).toBe('invalid');
    expect(parseChatDate('试产顺利', TODAY).kind).toBe('not_a_date');
  });
});
