import { describe, expect, it } from 'vitest';
import { parseChatDate } from '../../src/domain/chat-dates.js';

const TODAY = '2026-11-26'; // a Thursday

describe('chat dates', () => {
  it.each([
    ['今天', '2026-11-26'], ['昨天', '2026-11-25'], ['前天', '2026-11-24'],
    ['周一', '2026-11-23'], ['周四', '2026-11-26'], ['周五', '2026-11-20'], ['周日', '2026-11-22'], ['星期三', '2026-11-25'],
    ['11-20', '2026-11-20'], ['2026-11-20', '2026-11-20'], ['11/3', '2026-11-03'], ['11月3日', '2026-11-03'], ['2025-12-31', '2025-12-31'],
  ])('%s -> %s', (word, date) => {
    expect(parseChatDate(word, TODAY)).toEqual({ kind: 'date', date });
  });

  it('refuses a future date', () => {
    expect(parseChatDate('11-27', TODAY)).toEqual({ kind: 'future', date: '2026-11-27' });
    expect(parseChatDate('2027-01-01', TODAY).kind).toBe('future');
  });

  it('calls an impossible date invalid and a word not a date', () => {
    expect(parseChatDate('02-30', TODAY).kind).toBe('invalid');
    expect(parseChatDate('13-01', TODAY).kind).toBe('invalid');
    expect(parseChatDate('试产顺利', TODAY).kind).toBe('not_a_date');
  });
});
