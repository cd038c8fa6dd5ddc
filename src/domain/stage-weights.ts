import type { Stage } from './stages.js';
import { STAGES } from './stages.js';

// Stage weights (docs/method.md step 1b) and the integer apportionment every split uses.

/** Stage weights in percent (decimals allowed, two places are kept). */
export type StageWeights = Record<Stage, number>;

export type WeightCheck = { ok: true; sumPct: number; reservePct: number } | { ok: false; sumPct: number; error: string };

// Percent → basis points, so that 33.33 + 33.33 + 33.34 adds to exactly 100.
export const toBp = (pct: number) => Math.round(pct * 100);

export function validateWeights(w: StageWeights): WeightCheck {
  const bps = STAGES.map((s) => toBp(w[s]));
  const sumBp = bps.reduce((a, b) => a + b, 0);
  const sumPct = sumBp / 100;
  if (STAGES.some((s) => !Number.isFinite(w[s]) || w[s] < 0)) {
    return { ok: false, sumPct, error: '各阶段权重须为不小于 0 的数字' };
  }
  if (sumBp > 10_000) return { ok: false, sumPct, error: `权重合计 ${sumPct}%，超过 100%，请调低后再拆分` };
  return { ok: true, sumPct, reservePct: (10_000 - sumBp) / 100 };
}

/**
 * Largest-remainder apportionment of an integer total by integer weights: the parts add up to
 * the total exactly. Ties go to the earlier index (deterministic); all-zero weights split evenly.
 * BigInt because 分 × weight overflows 2^53 for region-sized targets.
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  if (weights.length === 0) return [];
  let w = weights.map((x) => BigInt(Math.max(0, Math.round(Number.isFinite(x) ? x : 0))));
  let sum = w.reduce((a, b) => a + b, 0n);
  if (sum === 0n) {
    w = w.map(() => 1n);
    sum = BigInt(w.length);
  }
  const t = BigInt(total);
  const parts = w.map((x) => (t * x) / sum);
  const order = w.map((x, i) => ({ i, rem: (t * x) % sum })).sort((a, b) => (a.rem === b.rem ? a.i - b.i : a.rem > b.rem ? -1 : 1));
  let left = t - parts.reduce((a, b) => a + b, 0n);
  for (const { i } of order) {
    if (left <= 0n) break;
    parts[i] = parts[i]! + 1n;
    left -= 1n;
  }
  return parts.map(Number);
}
