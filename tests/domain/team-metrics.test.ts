import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STAGES, type Stage } from '../../src/domain/stages.js';
import {
  collectionAttainment,
  median,
  normalisedRanking,
  type RepProfile,
  repProfile,
  repurchaseCycleDays,
  type StageChange,
  stageBefore,
  stageTransitions,
  visibleProfiles,
} from '../../src/domain/team-metrics.js';
import type { DueItem, OrderRow } from '../../src/domain/types.js';

describe('median', () => {
  it("handles odd, even and empty inputs without reordering the caller's array", () => {
    const xs = [5, 1, 3];
    expect(median(xs)).toBe(3);
    expect(xs).toEqual([5, 1, 3]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it('lies between the smallest and the largest value', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1 }), (xs) => {
        const m = median(xs)!;
        expect(m).toBeGreaterThanOrEqual(Math.min(...xs));
        expect(m).toBeLessThanOrEqual(Math.max(...xs));
      }),
    );
  });
});

describe('repurchaseCycleDays', () => {
  const o = (customerId: number, date: string): OrderRow => ({ customerId, date, amountFen: 100 });

  it('takes the median days from first to second purchase of new customers', () => {
    const orders = [
      o(1, '2026-01-01'),
      o(1, '2026-01-31'),
      o(1, '2026-03-01'),
      o(2, '2026-02-01'),
      o(2, '2026-02-01'),
      o(2, '2026-02-11'), // same-day split is one purchase
      o(3, '2026-01-01'), // waiting
      o(4, '2026-01-01'),
      o(4, '2026-01-02'), // not a new customer
    ];
    expect(repurchaseCycleDays(orders, [1, 2, 3])).toEqual({ medianDays: 20, n: 2, waiting: 1 });
    expect(repurchaseCycleDays(new Map([[1, orders.filter((x) => x.customerId === 1)]]), [1])).toEqual({
      medianDays: 30,
      n: 1,
      waiting: 0,
    });
  });
});

describe('collectionAttainment', () => {
  it('is actual / target, null without a positive target', () => {
    expect(collectionAttainment(103, 100)).toBe(1.03);
    expect(collectionAttainment(5, 0)).toBeNull();
  });
});

const ch = (customerId: number, from: Stage | null, to: Stage, at: string): StageChange => ({ customerId, from, to, at });

describe('stageTransitions', () => {
  it('counts from -> to, skipping first stages and no-op changes', () => {
    const h = [
      ch(1, null, 'incubating', '2026-01-01'),
      ch(1, 'incubating', 'growing', '2026-04-01'),
      ch(2, 'incubating', 'growing', '2026-05-01'),
      ch(3, 'stable', 'declining', '2026-05-01'),
      ch(4, 'stable', 'stable', '2026-05-01'),
    ];
    expect(stageTransitions(h)).toEqual([
      { from: 'incubating', to: 'growing', count: 2 },
      { from: 'stable', to: 'declining', count: 1 },
    ]);
  });
});

describe('repProfile', () => {
  const Q = { from: '2026-04-01', to: '2026-06-30' };
  const history = [
    ch(1, null, 'incubating', '2026-01-05'),
    ch(1, 'incubating', 'growing', '2026-05-10'),
    ch(2, null, 'incubating', '2026-01-05'),
    ch(3, null, 'stable', '2025-06-01'),
    ch(4, null, 'stable', '2025-06-01'),
    ch(4, 'stable', 'declining', '2026-06-01'),
    ch(5, null, 'declining', '2026-03-01'),
    ch(5, 'declining', 'stable', '2026-06-30'),
    ch(6, null, 'incubating', '2026-04-01'), // starts inside the period: not counted
  ];
  const item = (id: number, actionCode: string, status: DueItem['status'], memberId = 7): DueItem => ({
    id,
    memberId,
    customerId: 1,
    actionCode,
    period: '2026-Q2',
    windowStart: '2026-04-01',
    windowEnd: '2026-06-30',
    dueDate: '2026-05-01',
    status,
    completedByLogId: null,
  });
  const items = [
    item(1, 'tech_qa', 'done'),
    item(2, 'tech_qa', 'open'),
    item(3, 'churn_interview', 'done'),
    item(4, 'ordinary_visit', 'done'),
    item(5, 'tech_qa', 'done', 8),
    item(6, 'annual_review', 'cancelled'),
  ];

  it('measures conversion, retention, rescue and completion by pack stage', () => {
    const p = repProfile({ repId: 7, customerIds: [1, 2, 3, 4, 5, 6], stageHistory: history, items, ...Q });
    expect(p.conversion).toEqual({ base: 2, hits: 1, rate: 0.5 });
    expect(p.retention).toEqual({ base: 2, hits: 1, rate: 0.5 });
    expect(p.rescue).toEqual({ base: 1, hits: 1, rate: 1 });
    expect(p.completionByStage.incubating).toEqual({ due: 2, done: 1, rate: 0.5 });
    expect(p.completionByStage.declining).toEqual({ due: 1, done: 1, rate: 1 });
    expect(p.completionByStage.stable).toEqual({ due: 0, done: 0, rate: null });
    expect(p.completion).toEqual({ due: 3, done: 2, rate: 2 / 3 });
  });

  it('stageBefore ignores changes on or after the date', () => {
    expect(stageBefore(history, 1, '2026-05-10')).toBe('incubating');
    expect(stageBefore(history, 1, '2026-05-11')).toBe('growing');
    expect(stageBefore(history, 9, '2026-05-11')).toBeNull();
  });
});

type Counts = Record<Stage, { due: number; done: number; rate: number | null }>;
const mix = (rows: Partial<Record<Stage, [number, number]>>): Counts =>
  Object.fromEntries(
    STAGES.map((s) => {
      const [due, done] = rows[s] ?? [0, 0];
      return [s, { due, done, rate: due ? done / due : null }];
    }),
  ) as Counts;

describe('normalisedRanking', () => {
  it('rewards a rep who beats the team on a hard stage mix', () => {
    // Team: stable 90%, declining 30%. Rep 1 (all stable, 80%) is below par; rep 2 (all declining, 50%) above.
    const r = normalisedRanking([
      { repId: 1, completionByStage: mix({ stable: [10, 8] }) },
      { repId: 2, completionByStage: mix({ declining: [10, 5] }) },
      { repId: 3, completionByStage: mix({ stable: [10, 10], declining: [10, 1] }) },
      { repId: 4, completionByStage: mix({}) },
    ]);
    expect(r.map((x) => x.repId)).toEqual([2, 3, 1, 4]);
    expect(r[0]!.expected).toBeCloseTo(0.3);
    expect(r[0]!.score).toBeCloseTo(0.2);
    expect(r[3]).toEqual({ repId: 4, rate: null, expected: null, score: null, rank: null });
  });

  it('ties share a rank', () => {
    const r = normalisedRanking([
      { repId: 1, completionByStage: mix({ stable: [4, 2] }) },
      { repId: 2, completionByStage: mix({ stable: [4, 2] }) },
      { repId: 3, completionByStage: mix({ growing: [4, 1] }) },
    ]);
    expect(r.map((x) => x.rank)).toEqual([1, 1, 1]);
  });

  it('ranks are ordered by score', () => {
    const arbMix = fc
      .record(Object.fromEntries(STAGES.map((s) => [s, fc.tuple(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 10 }))])))
      .map((m) => mix(Object.fromEntries(Object.entries(m).map(([s, [a, b]]) => [s, [Math.max(a, b), Math.min(a, b)]]))));
    fc.assert(
      fc.property(fc.array(arbMix, { maxLength: 6 }), (mixes) => {
        const r = normalisedRanking(mixes.map((m, i) => ({ repId: i, completionByStage: m }))).filter((x) => x.rank !== null);
        for (let i = 1; i < r.length; i++) {
          expect(r[i]!.rank!).toBeGreaterThanOrEqual(r[i - 1]!.rank!);
          expect(r[i]!.score!).toBeLessThanOrEqual(r[i - 1]!.score! + 1e-9);
        }
      }),
    );
  });
});

describe('visibleProfiles', () => {
  const prof = (repId: number, conv: number | null, completion: number): RepProfile => ({
    repId,
    conversion: { base: conv === null ? 0 : 1, hits: conv ?? 0, rate: conv },
    retention: { base: 0, hits: 0, rate: null },
    rescue: { base: 0, hits: 0, rate: null },
    completionByStage: mix({}),
    completion: { due: 10, done: completion * 10, rate: completion },
  });
  const all = [prof(1, 1, 0.5), prof(2, 0, 0.9), prof(3, null, 0.7)];

  it('a rep sees their own profile and the team median; a manager sees everyone', () => {
    const rep = visibleProfiles({ id: 2, role: 'rep' }, all);
    expect(rep.profiles.map((p) => p.repId)).toEqual([2]);
    expect(rep.teamMedian).toEqual({ conversion: 0.5, retention: null, rescue: null, completion: 0.7 });
    expect(visibleProfiles({ id: 99, role: 'manager' }, all).profiles).toHaveLength(3);
    expect(visibleProfiles({ id: 99, role: 'rep' }, all).profiles).toHaveLength(0);
  });
});
