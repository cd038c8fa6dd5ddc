import { describe, expect, it } from 'vitest';
import { drain, sortInSteps } from '../../src/domain/stepwise.js';

// The stepwise sort (the fuzzy index's initials, built between requests) must equal the native
// stable sort, ties included, whatever the run size.

describe('sortInSteps', () => {
  it('equals Array#sort (stable) on ties and random keys, and yields between runs', () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const list: Array<[string, number]> = Array.from({ length: 10_001 }, (_, i) => [String.fromCharCode(97 + Math.floor(rand() * 5)), i]);
    const cmp = (a: [string, number], b: [string, number]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
    const expected = [...list].sort(cmp);
    for (const unit of [1, 7, 256, 4096, 20_000]) {
      const steps = sortInSteps([...list], cmp, unit);
      let yields = 0;
      let r = steps.next();
      while (!r.done) {
        yields++;
        r = steps.next();
      }
      expect(r.value).toEqual(expected);
      expect(yields).toBeGreaterThanOrEqual(Math.ceil(list.length / unit));
    }
    expect(drain(sortInSteps([], cmp))).toEqual([]);
  });
});
