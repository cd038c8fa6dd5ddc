import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/dates.js';
import { customerHeat, DEFAULT_HEAT, gridCell, type HeatColour, type HeatInput, heatGrid } from '../../src/domain/heat.js';
import { STAGES } from '../../src/domain/stages.js';
import type { DueItem } from '../../src/domain/types.js';

const TODAY = '2026-11-20';
const item = (id: number, daysOverdue: number, status: DueItem['status'] = 'open'): DueItem => ({
  id,
  memberId: 1,
  customerId: 1,
  actionCode: 'tech_qa',
  period: '2026-11',
  windowStart: addDays(TODAY, -daysOverdue - 7),
  windowEnd: addDays(TODAY, -daysOverdue),
  dueDate: addDays(TODAY, -daysOverdue),
  status,
  completedByLogId: null,
});
const heat = (items: DueItem[], over: Partial<HeatInput> = {}) =>
  customerHeat({ customer: { id: 1, stage: 'stable' }, items, lastPackActionOn: null, today: TODAY, ...over });

describe('customerHeat', () => {
  it('green when nothing is overdue (due today is not overdue; done or cancelled never are)', () => {
    const h = heat([item(1, 0), item(2, 5, 'done'), item(3, 40, 'cancelled'), item(4, -3)]);
    expect(h).toEqual({ customerId: 1, colour: 'green', overdue: 0, maxOverdueDays: 0, late: 0, reason: '无逾期动作' });
  });

  it('an item done late is not overdue, but the reason says it was made up (issue 14 item 3)', () => {
    const late = { ...item(1, 10, 'done'), completedLate: true };
    expect(heat([late])).toMatchObject({ colour: 'green', overdue: 0, late: 1, reason: '无逾期动作；1 项逾期后补做' });
    expect(heat([late, item(2, 3)])).toMatchObject({ colour: 'yellow', late: 1, reason: '1 项动作逾期 3 天；1 项逾期后补做' });
    // Outside the 30-day horizon it is history, as overdue items are.
    expect(heat([{ ...item(1, 31, 'done'), completedLate: true }]).late).toBe(0);
  });

  it('yellow for one item overdue by up to 14 days', () => {
    expect(heat([item(1, 1)]).colour).toBe('yellow');
    const h = heat([item(1, 14)]);
    expect(h).toMatchObject({ colour: 'yellow', overdue: 1, maxOverdueDays: 14, reason: '1 项动作逾期 14 天' });
  });

  it('red for one item overdue more than 14 days', () => {
    expect(heat([item(1, 15)])).toMatchObject({ colour: 'red', reason: '1 项动作逾期 15 天，超过 14 天' });
  });

  it('red for two overdue items, however recent', () => {
    expect(heat([item(1, 1), item(2, 3)])).toMatchObject({
      colour: 'red',
      overdue: 2,
      maxOverdueDays: 3,
      reason: '2 项动作逾期，最长 3 天',
    });
  });

  it("ignores other customers' items", () => {
    expect(heat([{ ...item(1, 20), customerId: 2 }]).colour).toBe('green');
  });

  describe('declining customers', () => {
    const declining = (last: string | null, since?: string) => ({
      customer: { id: 1, stage: 'declining' as const, stageSince: since ?? null },
      lastPackActionOn: last,
    });

    it('a pack action 30 days ago is still within 30 days; 31 is not', () => {
      expect(heat([], declining(addDays(TODAY, -30))).colour).toBe('green');
      expect(heat([], declining(addDays(TODAY, -31)))).toMatchObject({ colour: 'red', reason: '衰退型客户已 31 天无动作包动作' });
    });

    it('no pack action at all and no stage date is red', () => {
      expect(heat([], declining(null)).colour).toBe('red');
    });

    it('the silence clock starts no earlier than entering the stage', () => {
      expect(heat([], declining(null, addDays(TODAY, -3))).colour).toBe('green');
      expect(heat([], declining('2026-01-01', addDays(TODAY, -40))).colour).toBe('red');
    });

    it('a short overdue item plus silence is red and says both', () => {
      const h = heat([item(1, 2)], declining(addDays(TODAY, -45)));
      expect(h.colour).toBe('red');
      expect(h.reason).toBe('1 项动作逾期 2 天；衰退型客户已 45 天无动作包动作');
    });
  });
});

describe('heat properties', () => {
  const rank: Record<HeatColour, number> = { green: 0, yellow: 1, red: 2 };
  const overdueDays = fc.array(fc.integer({ min: -10, max: 40 }), { maxLength: 6 });

  it('adding an overdue item (inside the look-back) never cools a customer', () => {
    fc.assert(
      fc.property(overdueDays, fc.integer({ min: 1, max: DEFAULT_HEAT.lookbackDays }), fc.constantFrom(...STAGES), (days, extra, stage) => {
        const items = days.map((d, i) => item(i + 1, d));
        const input = { customer: { id: 1, stage }, lastPackActionOn: TODAY, today: TODAY };
        const before = customerHeat({ ...input, items });
        const after = customerHeat({ ...input, items: [...items, item(99, extra)] });
        expect(rank[after.colour]).toBeGreaterThanOrEqual(rank[before.colour]);
        expect(after.overdue).toBe(before.overdue + 1);
      }),
    );
  });

  it('ignores items due before the look-back: a closed old miss does not keep a customer red', () => {
    const input = { customer: { id: 1, stage: 'stable' as const }, lastPackActionOn: TODAY, today: TODAY };
    const old = customerHeat({ ...input, items: [item(1, DEFAULT_HEAT.lookbackDays + 1), item(2, 90)] });
    expect(old).toMatchObject({ colour: 'green', overdue: 0 });
    const edge = customerHeat({ ...input, items: [item(1, DEFAULT_HEAT.lookbackDays)] });
    expect(edge).toMatchObject({ colour: 'red', overdue: 1 });
  });

  it('green exactly when nothing is overdue (for customers that are not declining)', () => {
    fc.assert(
      fc.property(overdueDays, (days) => {
        const h = heat(days.map((d, i) => item(i + 1, d)));
        expect(h.colour === 'green').toBe(h.overdue === 0);
      }),
    );
  });
});

describe('heatGrid', () => {
  it('counts colours per stage x rep and lists the customers behind each cell', () => {
    const grid = heatGrid([
      { customerId: 3, stage: 'stable', repId: 2, colour: 'red' },
      { customerId: 1, stage: 'stable', repId: 2, colour: 'red' },
      { customerId: 2, stage: 'stable', repId: 2, colour: 'green' },
      { customerId: 4, stage: 'incubating', repId: 5, colour: 'yellow' },
    ]);
    expect(grid.stages).toEqual(['incubating', 'stable']);
    expect(grid.repIds).toEqual([2, 5]);
    expect(gridCell(grid, 'stable', 2)).toEqual({
      stage: 'stable',
      repId: 2,
      green: 1,
      yellow: 0,
      red: 2,
      customers: { green: [2], yellow: [], red: [1, 3] },
    });
    expect(gridCell(grid, 'growing', 2)).toBeNull();
  });

  it('cell counts add up to the number of customers', () => {
    const cell = fc.record({
      customerId: fc.integer({ min: 1, max: 1000 }),
      stage: fc.constantFrom(...STAGES),
      repId: fc.integer({ min: 1, max: 5 }),
      colour: fc.constantFrom<HeatColour>('green', 'yellow', 'red'),
    });
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 50 }), (cells) => {
        const g = heatGrid(cells);
        expect(g.cells.reduce((s, c) => s + c.green + c.yellow + c.red, 0)).toBe(cells.length);
      }),
    );
  });
});
