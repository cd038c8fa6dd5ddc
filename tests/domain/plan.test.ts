import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWorkCalendar } from '../../src/domain/calendar.js';
import { addDays, weekStart } from '../../src/domain/dates.js';
import { DEFAULT_ACTIONS, type Frequency } from '../../src/domain/packs.js';
import {
  dueItemKey,
  frequencyKey,
  generateDueItems,
  type PlannedItem,
  regenerateOnStageChange,
  validateFrequencyChange,
} from '../../src/domain/plan.js';
import { STAGES } from '../../src/domain/stages.js';
import type { DueItem } from '../../src/domain/types.js';

const calendar = createWorkCalendar();
const base = { memberId: 7, actions: DEFAULT_ACTIONS, calendar };
const byAction = (items: PlannedItem[], code: string) => items.filter((i) => i.actionCode === code);
const revisitOnly = DEFAULT_ACTIONS.filter((a) => a.code === 'onsite_revisit');

describe('generateDueItems: periods and windows', () => {
  const items = generateDueItems({
    ...base,
    customers: [{ id: 1, stage: 'incubating', stageSince: '2026-03-05' }],
    from: '2026-10-01',
    to: '2026-12-31',
  });

  it('incubating pack over Q4: one revisit a month, one Q&A a biweek, one trial plan a quarter', () => {
    expect(byAction(items, 'onsite_revisit').map((i) => [i.period, i.windowStart, i.windowEnd])).toEqual([
      ['2026-10', '2026-10-01', '2026-10-31'],
      ['2026-11', '2026-11-01', '2026-11-30'],
      ['2026-12', '2026-12-01', '2026-12-31'],
    ]);
    expect(byAction(items, 'trial_upgrade').map((i) => i.period)).toEqual(['2026-Q4']);
    const qa = byAction(items, 'tech_qa');
    expect(qa.map((i) => i.period)).toContain('2026-W47');
    expect(qa.find((i) => i.period === '2026-W47')).toMatchObject({ windowStart: '2026-11-16', windowEnd: '2026-11-29' });
    // The biweek straddling the end of Q3 is clipped to the plan range.
    const q3 = byAction(
      generateDueItems({
        ...base,
        customers: [{ id: 1, stage: 'incubating', stageSince: '2026-03-05' }],
        from: '2026-07-01',
        to: '2026-09-30',
      }),
      'tech_qa',
    );
    expect(q3.at(-1)).toMatchObject({ period: '2026-W39', windowStart: '2026-09-21', windowEnd: '2026-09-30' });
  });

  it('nothing is due during the 国庆 holiday', () => {
    for (const i of items) expect(calendar.isWorkingDay(i.dueDate)).toBe(true);
    expect(byAction(items, 'onsite_revisit')[0]!.dueDate >= '2026-10-08').toBe(true);
  });

  it('a window with no working day left (biweek piece inside 国庆) is not planned', () => {
    // 2026-W39 biweek is 09-21..10-04; its Q4 piece (10-01..10-04) is all holiday.
    const qa = byAction(
      generateDueItems({
        ...base,
        customers: [{ id: 1, stage: 'incubating', stageSince: '2026-01-01' }],
        from: '2026-10-01',
        to: '2026-10-31',
      }),
      'tech_qa',
    );
    expect(qa.map((i) => i.period)).toEqual(['2026-W41', '2026-W43']);
  });

  it('stable pack: half-year, year and the two weeks before each holiday', () => {
    const st = generateDueItems({
      ...base,
      customers: [{ id: 2, stage: 'stable', stageSince: '2024-01-01' }],
      from: '2026-07-01',
      to: '2026-09-30',
    });
    expect(st.map((i) => `${i.actionCode}:${i.period}`).sort()).toEqual([
      'annual_review:2026',
      'holiday_care:2026-中秋',
      'holiday_care:2026-国庆',
      'satisfaction_survey:2026-H2',
    ]);
    expect(st.find((i) => i.period === '2026-国庆')).toMatchObject({ windowStart: '2026-09-17', windowEnd: '2026-09-30' });
    expect(st.find((i) => i.period === '2026-中秋')).toMatchObject({ windowStart: '2026-09-11', windowEnd: '2026-09-24' });
    const q1 = generateDueItems({
      ...base,
      customers: [{ id: 2, stage: 'stable', stageSince: '2024-01-01' }],
      from: '2026-01-01',
      to: '2026-03-31',
    });
    expect(q1.find((i) => i.period === '2026-春节')).toMatchObject({ windowStart: '2026-02-03', windowEnd: '2026-02-16' });
  });

  it('declining pack counts from entering the stage, then monthly', () => {
    const d = generateDueItems({
      ...base,
      customers: [{ id: 3, stage: 'declining', stageSince: '2026-11-10' }],
      from: '2026-11-10',
      to: '2027-03-31',
    });
    expect(d.map((i) => `${i.actionCode}:${i.period}:${i.windowStart}..${i.windowEnd}`).sort()).toEqual([
      'churn_interview:entry:2026-11-10:2026-11-10..2026-11-24',
      'improvement_proposal:entry:2026-11-10:2026-11-10..2026-12-10',
      'tech_support:2027-01:2027-01-01..2027-01-31',
      'tech_support:2027-02:2027-02-01..2027-02-28',
      'tech_support:2027-03:2027-03-01..2027-03-31',
      'tech_support:entry:2026-11-10:2026-11-10..2026-12-10',
    ]);
  });

  it('an entry window that ended before the plan range is not planned again; one still open is, from `from`', () => {
    const old = generateDueItems({
      ...base,
      customers: [{ id: 3, stage: 'declining', stageSince: '2026-08-01' }],
      from: '2026-10-01',
      to: '2026-12-31',
    });
    expect(old.filter((i) => i.period.startsWith('entry:'))).toEqual([]);
    const open = generateDueItems({
      ...base,
      customers: [{ id: 3, stage: 'declining', stageSince: '2026-09-20' }],
      from: '2026-10-01',
      to: '2026-12-31',
    });
    const proposal = open.find((i) => i.actionCode === 'improvement_proposal')!;
    expect(proposal).toMatchObject({ windowStart: '2026-09-20', windowEnd: '2026-10-20' });
    expect(proposal.dueDate >= '2026-10-08').toBe(true);
    expect(open.some((i) => i.actionCode === 'churn_interview')).toBe(false); // 09-20..10-04 is 国庆 after 10-01
  });

  it('a raised frequency splits each period into parts', () => {
    const items2 = generateDueItems({
      ...base,
      actions: revisitOnly,
      customers: [{ id: 1, stage: 'incubating', stageSince: '2026-01-01' }],
      from: '2026-11-01',
      to: '2026-11-30',
      frequencyOverrides: { [frequencyKey(1, 'onsite_revisit')]: { kind: 'periodic', period: 'month', times: 2 } },
    });
    expect(items2.map((i) => [i.period, i.windowStart, i.windowEnd])).toEqual([
      ['2026-11/1', '2026-11-01', '2026-11-15'],
      ['2026-11/2', '2026-11-16', '2026-11-30'],
    ]);
  });

  it('skips keys an earlier run already planned', () => {
    const again = generateDueItems({
      ...base,
      actions: revisitOnly,
      customers: [{ id: 1, stage: 'incubating', stageSince: '2026-01-01' }],
      from: '2026-10-01',
      to: '2026-12-31',
      existingKeys: [dueItemKey(1, 'onsite_revisit', '2026-11')],
    });
    expect(again.map((i) => i.period)).toEqual(['2026-10', '2026-12']);
  });
});

describe('generateDueItems: staggering', () => {
  const twelve = Array.from({ length: 12 }, (_, i) => ({ id: i + 1, stage: 'incubating' as const, stageSince: '2026-01-01' }));

  it('twelve monthly revisits spread over the weeks of the month, not all on the 30th', () => {
    const items = generateDueItems({ ...base, actions: revisitOnly, customers: twelve, from: '2026-11-01', to: '2026-11-30' });
    const load = weekLoads(items);
    expect(load).toEqual({ '2026-11-02': 3, '2026-11-09': 3, '2026-11-16': 2, '2026-11-23': 2, '2026-11-30': 2 });
    expect(new Set(items.map((i) => i.dueDate)).size).toBeGreaterThan(5);
  });

  it('existing load is avoided', () => {
    const items = generateDueItems({
      ...base,
      actions: revisitOnly,
      customers: twelve.slice(0, 3),
      from: '2026-11-01',
      to: '2026-11-30',
      existingLoad: { '2026-11-02': 5, '2026-11-09': 5 },
    });
    expect(Object.keys(weekLoads(items)).sort()).toEqual(['2026-11-16', '2026-11-23', '2026-11-30']);
  });

  it('is deterministic', () => {
    const a = generateDueItems({ ...base, customers: twelve, from: '2026-10-01', to: '2026-12-31' });
    const b = generateDueItems({ ...base, customers: [...twelve].reverse(), from: '2026-10-01', to: '2026-12-31' });
    expect(a).toEqual(b);
  });
});

function weekLoads(items: PlannedItem[]): Record<string, number> {
  const load: Record<string, number> = {};
  for (const i of items) load[weekStart(i.dueDate)] = (load[weekStart(i.dueDate)] ?? 0) + 1;
  return load;
}

describe('regenerateOnStageChange', () => {
  const open = (id: number, customerId: number, actionCode: string, dueDate: string): DueItem => ({
    id,
    memberId: 7,
    customerId,
    actionCode,
    period: dueDate.slice(0, 7),
    windowStart: dueDate,
    windowEnd: dueDate,
    dueDate,
    status: 'open',
    completedByLogId: null,
  });
  const openItems = [
    open(1, 5, 'satisfaction_survey', '2026-11-20'),
    open(2, 5, 'annual_review', '2026-12-10'),
    { ...open(3, 5, 'holiday_care', '2026-09-25'), status: 'done' as const },
    open(4, 6, 'onsite_revisit', '2026-11-17'),
  ];

  it('cancels the old pack and plans the declining pack from the change date', () => {
    const r = regenerateOnStageChange({
      ...base,
      openItems,
      customerId: 5,
      newStage: 'declining',
      changeDate: '2026-11-12',
      to: '2026-12-31',
    });
    expect(r.cancelIds).toEqual([1, 2]);
    const churn = r.newItems.find((i) => i.actionCode === 'churn_interview')!;
    expect(churn).toMatchObject({ customerId: 5, period: 'entry:2026-11-12', windowStart: '2026-11-12', windowEnd: '2026-11-26' });
    expect(r.newItems.every((i) => i.dueDate >= '2026-11-12')).toBe(true);
    // The other customer's item loads the week of 11-16; the churn interview goes around it.
    expect(weekStart(churn.dueDate)).not.toBe('2026-11-16');
  });
});

describe('validateFrequencyChange', () => {
  const month = { kind: 'periodic', period: 'month', times: 1 } as const;
  it('compares periodic rates', () => {
    expect(validateFrequencyChange(month, { kind: 'periodic', period: 'biweek', times: 1 })).toBe('raise');
    expect(validateFrequencyChange(month, { kind: 'periodic', period: 'month', times: 1 })).toBe('same');
    expect(validateFrequencyChange(month, { kind: 'periodic', period: 'quarter', times: 3 })).toBe('same');
    expect(validateFrequencyChange(month, { kind: 'periodic', period: 'quarter', times: 1 })).toBe('lower');
  });
  it('holidays: more is a raise, fewer is lower', () => {
    const h: Frequency & { kind: 'holiday' } = { kind: 'holiday', holidays: ['春节', '国庆'], windowDays: 14 };
    expect(validateFrequencyChange(h, { ...h, holidays: ['春节', '国庆', '中秋'] })).toBe('raise');
    expect(validateFrequencyChange(h, { ...h })).toBe('same');
    expect(validateFrequencyChange(h, { ...h, holidays: ['春节'] })).toBe('lower');
  });
  it('entry deadlines: shorter is a raise', () => {
    expect(validateFrequencyChange({ kind: 'on_entry', withinDays: 14 }, { kind: 'on_entry', withinDays: 7 })).toBe('raise');
    expect(validateFrequencyChange({ kind: 'on_entry', withinDays: 14 }, { kind: 'on_entry', withinDays: 21 })).toBe('lower');
    expect(validateFrequencyChange({ kind: 'on_entry', withinDays: 30 }, { kind: 'on_entry_then_monthly', withinDays: 30 })).toBe('raise');
    expect(validateFrequencyChange({ kind: 'on_entry_then_monthly', withinDays: 30 }, { kind: 'on_entry', withinDays: 30 })).toBe('lower');
    expect(
      validateFrequencyChange({ kind: 'on_entry_then_monthly', withinDays: 30 }, { kind: 'on_entry_then_monthly', withinDays: 30 }),
    ).toBe('same');
  });
  it('a change of kind is a raise only when it is clearly more', () => {
    expect(validateFrequencyChange({ kind: 'on_entry', withinDays: 14 }, month)).toBe('raise');
    expect(validateFrequencyChange(month, { kind: 'on_entry', withinDays: 14 })).toBe('lower');
  });
});

const dayArb = (min: string, spanDays: number) => fc.integer({ min: 0, max: spanDays }).map((n) => addDays(min, n));
const customersArb = fc
  .array(fc.record({ stage: fc.constantFrom(...STAGES), stageSince: dayArb('2024-01-01', 1000) }), { maxLength: 12 })
  .map((cs) => cs.map((c, i) => ({ ...c, id: i + 1 })));
const rangeArb = fc
  .tuple(dayArb('2024-01-01', 1050), fc.integer({ min: 0, max: 200 }))
  .map(([from, n]) => ({ from, to: addDays(from, n) }));
const overrideArb = fc.dictionary(
  fc.tuple(fc.integer({ min: 1, max: 12 }), fc.constantFrom(...DEFAULT_ACTIONS.map((a) => a.code))).map(([c, a]) => frequencyKey(c, a)),
  fc.record({
    kind: fc.constant('periodic' as const),
    period: fc.constantFrom('biweek' as const, 'month' as const, 'quarter' as const),
    times: fc.integer({ min: 1, max: 3 }),
  }),
  { maxKeys: 5 },
);

describe('generateDueItems properties', () => {
  it('due dates are working days inside their windows, never before `from`; keys are unique', () => {
    fc.assert(
      fc.property(customersArb, rangeArb, overrideArb, (customers, { from, to }, frequencyOverrides) => {
        const items = generateDueItems({ ...base, customers, from, to, frequencyOverrides });
        const keys = new Set<string>();
        for (const i of items) {
          expect(calendar.isWorkingDay(i.dueDate)).toBe(true);
          expect(i.dueDate >= i.windowStart && i.dueDate <= i.windowEnd).toBe(true);
          expect(i.dueDate >= from).toBe(true);
          const key = dueItemKey(i.customerId, i.actionCode, i.period);
          expect(keys.has(key)).toBe(false);
          keys.add(key);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('monthly revisits of one month: weekly loads differ by at most 1', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 35 }), fc.integer({ min: 1, max: 30 }), (monthIndex, n) => {
        const y = 2024 + Math.floor(monthIndex / 12);
        const from = `${y}-${String((monthIndex % 12) + 1).padStart(2, '0')}-01`;
        const to = addDays(`${addDays(from, 40).slice(0, 8)}01`, -1);
        const customers = Array.from({ length: n }, (_, i) => ({ id: i + 1, stage: 'incubating' as const, stageSince: '2023-01-01' }));
        const items = generateDueItems({ ...base, actions: revisitOnly, customers, from, to });
        expect(items).toHaveLength(n);
        const load = weekLoads(items);
        const weeks = new Set<string>();
        for (let d = from; d <= to; d = addDays(d, 1)) if (calendar.isWorkingDay(d)) weeks.add(weekStart(d));
        const loads = [...weeks].map((w) => load[w] ?? 0);
        expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
      }),
    );
  });
});
