import { describe, expect, it } from 'vitest';
import { periodLabel } from '../../src/domain/period-label.js';

describe('periodLabel', () => {
  it('says each period key as a rep reads it', () => {
    expect(periodLabel('2026-W47')).toBe('第47周');
    expect(periodLabel('2026-W05')).toBe('第5周');
    expect(periodLabel('2026-W45/2')).toBe('第45周第2次');
    expect(periodLabel('2026-11')).toBe('11月');
    expect(periodLabel('2026-03/1')).toBe('3月第1次');
    expect(periodLabel('2026-Q4')).toBe('Q4');
    expect(periodLabel('2026-H1')).toBe('上半年');
    expect(periodLabel('2026-H2')).toBe('下半年');
    expect(periodLabel('2026')).toBe('2026年');
  });

  it('leaves an unknown key as it is', () => {
    expect(periodLabel('custom')).toBe('custom');
  });
});
