import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STAGES, type Stage } from '../../src/domain/stages.js';
import { adjustRep, apportion, type SplitInput, splitTarget, type TargetSplit, validateWeights } from '../../src/domain/target-split.js';
import type { CustomerFacts } from '../../src/domain/types.js';

const WAN = 1_000_000; // 1万元 in 分
const ARTICLE_WEIGHTS = { growing: 40, incubating: 15, stable: 30, declining: 5 };

let nextId = 1;
function cust(name: string, ownerId: number, stage: Stage, baselineFen: number, potentialFen: number | null = null): CustomerFacts {
  return { id: nextId++, name, ownerId, stage, stageSince: '2025-01-01', baselineFen, potentialFen };
}

function unwrap(r: ReturnType<typeof splitTarget>): TargetSplit {
  if (!r.ok) throw new Error(r.error);
  return r.split;
}

const total = (s: TargetSplit) => s.reps.reduce((a, r) => a + r.targetFen, 0) + s.reserveFen;

// 华东区 of the article: 4.2亿, 12 reps; 小李 owns three newly signed manufacturers, 老王 five
// stable customers with fixed Q2 tenders.
const REPS = [
  ['老王', 5000],
  ['小李', 1400],
  ['张强', 2500],
  ['刘洋', 2400],
  ['陈静', 2300],
  ['赵磊', 2200],
  ['孙丽', 2100],
  ['周杰', 2000],
  ['吴敏', 2000],
  ['郑浩', 2100],
  ['王芳', 2000],
  ['冯涛', 2000],
].map(([name, lastYear], i) => ({ id: i + 1, name: name as string, lastYearFen: (lastYear as number) * WAN }));
const CUSTOMERS: CustomerFacts[] = [
  cust('华东重工', 2, 'incubating', 0, 1000 * WAN),
  cust('苏南精机', 2, 'incubating', 0, 800 * WAN),
  cust('浙东装备', 2, 'incubating', 0, 600 * WAN),
  cust('甬江机械', 3, 'incubating', 0, 1500 * WAN),
  cust('合肥动力', 3, 'incubating', 0, 1100 * WAN),
  cust('芜湖精工', 4, 'incubating', 0, null),
  cust('宁波液压', 7, 'incubating', 0, 1000 * WAN),
  cust('常州电控', 8, 'incubating', 0, null),
  ...['沪东船舶', '苏州轴承', '无锡锻造', '南通电机', '嘉兴泵业'].map((n) => cust(n, 1, 'stable', 1000 * WAN)),
  cust('扬州阀门', 5, 'stable', 1500 * WAN),
  cust('镇江齿轮', 5, 'stable', 1500 * WAN),
  cust('泰州钢构', 6, 'stable', 2000 * WAN),
  cust('杭州传动', 3, 'growing', 2_345_678_901),
  cust('绍兴数控', 4, 'growing', 1_111_111_111),
  cust('温州仪表', 5, 'growing', 987_654_321),
  cust('台州模具', 6, 'growing', 1_500_000_001),
  cust('湖州线缆', 6, 'growing', 999_999_999),
  cust('金华五金', 7, 'growing', 1_234_567_890),
  cust('上海自动化', 8, 'growing', 3_000_000_007),
  cust('南京机电', 9, 'growing', 2_222_222_222),
  cust('徐州工程', 9, 'growing', 777_777_777),
  cust('盐城风电', 10, 'growing', 1_999_999_999),
  cust('连云港港机', 11, 'growing', 1_414_213_562),
  cust('宿迁包装', 12, 'growing', 1_732_050_807),
  cust('淮安化工', 12, 'declining', 500 * WAN),
  cust('丽水铸造', 10, 'declining', 300 * WAN),
  cust('衢州纸业', 11, 'declining', 0),
];
const ARTICLE: SplitInput = { targetFen: 42_000_000_000, weights: ARTICLE_WEIGHTS, customers: CUSTOMERS, reps: REPS };

describe('validateWeights', () => {
  it('the article weights add to 90%: 10% is the new-market reserve', () => {
    expect(validateWeights(ARTICLE_WEIGHTS)).toEqual({ ok: true, sumPct: 90, reservePct: 10 });
  });
  it('refuses weights above 100% and says the sum', () => {
    const r = validateWeights({ growing: 40, incubating: 25, stable: 40, declining: 5 });
    expect(r).toMatchObject({ ok: false, sumPct: 110 });
    if (!r.ok) expect(r.error).toContain('110%');
  });
  it('accepts decimals that add to exactly 100', () => {
    expect(validateWeights({ growing: 33.33, incubating: 33.33, stable: 33.34, declining: 0 })).toEqual({
      ok: true,
      sumPct: 100,
      reservePct: 0,
    });
  });
  it('refuses negative weights', () => {
    expect(validateWeights({ growing: -5, incubating: 15, stable: 30, declining: 5 }).ok).toBe(false);
  });
});

describe('splitTarget: the article (华东区 4.2亿, 12 reps)', () => {
  const split = unwrap(splitTarget(ARTICLE));
  const rep = (name: string) => split.reps.find((r) => r.name === name)!;

  it('pools by weight and a 10% reserve', () => {
    expect(split.reservePct).toBe(10);
    expect(split.reserveFen).toBe(4_200_000_000);
    expect(STAGES.map((s) => split.pools[s].poolFen)).toEqual([6_300_000_000, 16_800_000_000, 12_600_000_000, 2_100_000_000]);
  });

  it('小李: three incubating manufacturers drawn from the 15% pool, not last year', () => {
    const li = rep('小李');
    expect(li.targetFen).toBe(1_890_000_000); // 6.3e9 × 2400万 / 8000万
    expect(li.reason).toContain('3 家孵化客户从 15% 孵化池分配，不按去年业绩');
    expect(li.oldWayFen).toBe(1_890_000_000); // the distributable 3.78亿 × 1400万 / 2.8亿 (issue 14 item 6)
    expect(li.diffFen).toBe(0);
    const hd = split.customers.find((c) => c.name === '华东重工')!;
    expect(hd).toMatchObject({ stage: 'incubating', basisSource: 'potential', shareFen: 787_500_000 });
  });

  it("an incubating customer with no estimate uses the median of the region's estimates", () => {
    expect(split.customers.find((c) => c.name === '芜湖精工')).toMatchObject({ basisSource: 'median', basisFen: 1000 * WAN });
  });

  it('老王: five stable customers drawn from the 30% pool', () => {
    const wang = rep('老王');
    expect(wang.targetFen).toBe(6_300_000_000);
    expect(wang.reason).toContain('5 家稳定客户从 30% 稳定池分配');
    expect(wang.oldWayFen).toBe(6_750_000_000);
  });

  it('rep targets plus the reserve add up to exactly 4.2亿; the old way shares the same distributable 3.78亿', () => {
    expect(total(split)).toBe(42_000_000_000);
    expect(split.distributableFen).toBe(37_800_000_000);
    expect(split.reps.reduce((a, r) => a + r.oldWayFen, 0)).toBe(37_800_000_000);
    for (const r of split.reps) expect(r.diffFen).toBe(r.targetFen - r.oldWayFen);
    expect(split.customers.reduce((a, c) => a + c.shareFen, 0)).toBe(37_800_000_000);
  });

  it('weights adding to 110 are refused with the sum', () => {
    const r = splitTarget({ ...ARTICLE, weights: { growing: 50, incubating: 15, stable: 40, declining: 5 } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain('110%');
  });
});

describe('splitTarget: edge cases', () => {
  const reps = [
    { id: 1, name: 'A', lastYearFen: 100 },
    { id: 2, name: 'B', lastYearFen: 0 },
  ];

  it('a stage with no customers sends its pool to the reserve, with a note', () => {
    const split = unwrap(splitTarget({ targetFen: 1000, weights: ARTICLE_WEIGHTS, reps, customers: [cust('x', 1, 'stable', 5)] }));
    expect(split.pools.growing.toReserve).toBe(true);
    expect(split.reserveFen).toBe(700);
    expect(split.notes.join()).toContain('成长池');
    expect(total(split)).toBe(1000);
  });

  it('a pool whose customers all have zero baseline splits evenly', () => {
    const customers = [cust('x', 1, 'declining', 0), cust('y', 2, 'declining', 0), cust('z', 2, 'declining', 0)];
    const split = unwrap(
      splitTarget({ targetFen: 1000, weights: { growing: 0, incubating: 0, stable: 0, declining: 100 }, reps, customers }),
    );
    expect(split.customers.map((c) => c.shareFen)).toEqual([334, 333, 333]);
    expect(split.customers.every((c) => c.basisSource === 'even')).toBe(true);
    expect(split.reps.map((r) => r.targetFen)).toEqual([334, 666]);
  });

  it('reserve assignments are added to the rep and leave the rest unassigned', () => {
    const split = unwrap(splitTarget({ ...ARTICLE, reserveAssignments: { 3: 1_000_000_000 } }));
    expect(split.reps[2]!.reserveFen).toBe(1_000_000_000);
    expect(split.reps[2]!.reason).toContain('新市场储备');
    expect(split.reserveFen).toBe(3_200_000_000);
    expect(total(split)).toBe(42_000_000_000);
  });

  it('refuses assigning more reserve than there is, or to an unknown rep', () => {
    expect(splitTarget({ ...ARTICLE, reserveAssignments: { 3: 4_200_000_001 } }).ok).toBe(false);
    expect(splitTarget({ ...ARTICLE, reserveAssignments: { 99: 1 } }).ok).toBe(false);
  });

  it('a customer whose owner is not among the reps goes to the reserve', () => {
    const split = unwrap(
      splitTarget({
        targetFen: 1000,
        weights: { growing: 100, incubating: 0, stable: 0, declining: 0 },
        reps,
        customers: [cust('x', 1, 'growing', 1), cust('y', 9, 'growing', 1)],
      }),
    );
    expect(split.reserveFen).toBe(500);
    expect(split.notes.join()).toContain('y');
  });

  it('old way splits the distributable amount evenly when nobody sold anything last year, and says they are new', () => {
    const split = unwrap(
      splitTarget({
        targetFen: 1001,
        weights: { growing: 100, incubating: 0, stable: 0, declining: 0 },
        customers: [cust('x', 1, 'growing', 1)],
        reps: [
          { id: 1, name: 'A', lastYearFen: 0 },
          { id: 2, name: 'B', lastYearFen: 0 },
        ],
      }),
    );
    expect(split.reps.map((r) => r.oldWayFen)).toEqual([501, 500]);
    expect(split.reps.map((r) => r.noHistory)).toEqual([true, true]);
    expect(split.reps[1]!.reason).toContain('新人，无历史');
  });
});

describe('adjustRep', () => {
  const split = unwrap(splitTarget(ARTICLE));
  it('raising a rep takes from the reserve; the total is unchanged', () => {
    const r = adjustRep(split, 2, 2_000_000_000);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.split.reps[1]!.targetFen).toBe(2_000_000_000);
    expect(r.split.reps[1]!.reason).toContain('主管调整 +110万');
    expect(r.split.reserveFen).toBe(4_200_000_000 - 110_000_000);
    expect(total(r.split)).toBe(42_000_000_000);
  });
  it('lowering returns the difference to the reserve', () => {
    const r = adjustRep(split, 1, 6_000_000_000);
    expect(r.ok && r.split.reserveFen).toBe(4_500_000_000);
  });
  it('refuses when the reserve would go negative, or for an unknown rep', () => {
    const r = adjustRep(split, 1, 6_300_000_000 + 4_200_000_001);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain('储备');
    expect(adjustRep(split, 99, 1).ok).toBe(false);
    expect(adjustRep(split, 1, -1).ok).toBe(false);
  });
});

describe('apportion', () => {
  it('largest remainder, ties to the earlier index', () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(100, [1, 2, 7])).toEqual([10, 20, 70]);
    expect(apportion(5, [0, 0])).toEqual([3, 2]);
    expect(apportion(9_000_000_000_000_000, [3, 3, 3])).toEqual([3e15, 3e15, 3e15]);
  });
});

const weightsArb = fc.tuple(fc.nat(100), fc.nat(100), fc.nat(100), fc.nat(100), fc.nat(100)).map((parts) => {
  const s = parts.reduce((a, b) => a + b, 0) || 1;
  const [g, i, st, d] = parts.map((p) => Math.floor((p * 100) / s)) as [number, number, number, number];
  return { growing: g, incubating: i, stable: st, declining: d };
});
const inputArb: fc.Arbitrary<SplitInput> = fc.record({
  targetFen: fc.integer({ min: 0, max: 1e14 }),
  weights: weightsArb,
  reps: fc
    .array(fc.integer({ min: 0, max: 1e11 }), { maxLength: 15 })
    .map((ly) => ly.map((lastYearFen, i) => ({ id: i + 1, name: `R${i + 1}`, lastYearFen }))),
  customers: fc
    .array(
      fc.record({
        ownerId: fc.integer({ min: 1, max: 16 }),
        stage: fc.constantFrom(...STAGES),
        baselineFen: fc.integer({ min: 0, max: 1e11 }),
        potentialFen: fc.option(fc.integer({ min: 0, max: 1e11 })),
      }),
      { maxLength: 40 },
    )
    .map((cs) => cs.map((c, i) => ({ ...c, id: i + 1, name: `C${i + 1}`, stageSince: '2026-01-01' }))),
});

describe('splitTarget properties', () => {
  it('rep targets + unassigned reserve == T exactly; the old way too; nothing negative', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const split = unwrap(splitTarget(input));
        expect(total(split)).toBe(input.targetFen);
        if (input.reps.length > 0) expect(split.reps.reduce((a, r) => a + r.oldWayFen, 0)).toBe(input.targetFen - split.reserveTotalFen);
        for (const r of split.reps) expect(r.targetFen).toBeGreaterThanOrEqual(0);
        expect(split.reserveFen).toBeGreaterThanOrEqual(0);
        for (const s of STAGES) {
          const shares = split.customers.filter((c) => c.stage === s).reduce((a, c) => a + c.shareFen, 0);
          if (!split.pools[s].toReserve) expect(shares).toBe(split.pools[s].poolFen);
        }
      }),
    );
  });

  it('adjustRep keeps the total and never lets the reserve go negative', () => {
    fc.assert(
      fc.property(inputArb, fc.nat(20), fc.integer({ min: 0, max: 2e14 }), (input, pick, newTarget) => {
        const split = unwrap(splitTarget(input));
        if (split.reps.length === 0) return;
        const rep = split.reps[pick % split.reps.length]!;
        const r = adjustRep(split, rep.repId, newTarget);
        if (r.ok) {
          expect(total(r.split)).toBe(input.targetFen);
          expect(r.split.reserveFen).toBeGreaterThanOrEqual(0);
          expect(r.split.reps.find((x) => x.repId === rep.repId)!.targetFen).toBe(newTarget);
        } else {
          expect(newTarget - rep.targetFen).toBeGreaterThan(split.reserveFen);
        }
      }),
    );
  });
});
