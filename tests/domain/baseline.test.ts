import { describe, expect, it } from 'vitest';
import { baselineFromOrders, baselineWindow, customerBasis } from '../../src/domain/baseline.js';

describe('one baseline (issue 14 item 2)', () => {
  it("is the four complete quarters before today's quarter", () => {
    expect(baselineWindow('2026-11-26')).toEqual({ from: '2025-10-01', to: '2026-09-30' });
    expect(baselineWindow('2026-01-01')).toEqual({ from: '2025-01-01', to: '2025-12-31' });
  });

  it("sums the window's orders wherever there is history, else keeps the declared baseline", () => {
    const o = (date: string, amountFen: number) => ({ date, amountFen });
    expect(baselineFromOrders([o('2026-09-03', 900), o('2025-09-30', 50), o('2026-10-02', 7)], '2026-11-26', 123)).toBe(900);
    // Orders, but none in the window: a lapsed customer's baseline is 0, not the declared one.
    expect(baselineFromOrders([o('2024-05-01', 900)], '2026-11-26', 123)).toBe(0);
    // Only orders of this quarter, or none: no history yet.
    expect(baselineFromOrders([o('2026-10-02', 7)], '2026-11-26', 123)).toBe(123);
    expect(baselineFromOrders([], '2026-11-26', 0)).toBe(0);
  });

  it('the basis is the baseline, else the potential, else nothing', () => {
    expect(customerBasis({ baselineFen: 900, potentialFen: 3600 })).toEqual({ fen: 900, source: 'baseline' });
    expect(customerBasis({ baselineFen: 0, potentialFen: 3600 })).toEqual({ fen: 3600, source: 'potential' });
    expect(customerBasis({ baselineFen: 0, potentialFen: null })).toBeNull();
  });
});
