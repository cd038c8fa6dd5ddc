// Work in small steps, for a caller that must not hold its thread for long (building a large
// index on the thread that acks webhooks): a generator yields after about `unit` items of work and
// the caller decides when to resume. Pure: no clock, no timers; draining it is the plain computation.

/** Runs a stepwise computation to the end at once. */
export function drain<T>(steps: Generator<void, T>): T {
  let r = steps.next();
  while (!r.done) r = steps.next();
  return r.value;
}

/**
 * A stable sort of `list` in place, yielding every ~`unit` items moved: runs of `unit` are sorted
 * natively (Array#sort is stable), then merged pairwise, taking the left item on ties, so the
 * order equals `list.sort(cmp)`.
 */
export function* sortInSteps<T>(list: T[], cmp: (a: T, b: T) => number, unit = 4096): Generator<void, T[]> {
  let runs: T[][] = [];
  for (let i = 0; i < list.length; i += unit) {
    runs.push(list.slice(i, i + unit).sort(cmp));
    yield;
  }
  while (runs.length > 1) {
    const next: T[][] = [];
    for (let r = 0; r < runs.length; r += 2) {
      const [a, b] = [runs[r]!, runs[r + 1]];
      if (!b) next.push(a);
      else next.push(yield* mergeInSteps(a, b, cmp, unit));
    }
    runs = next;
  }
  const sorted = runs[0] ?? [];
  for (let i = 0; i < sorted.length; i++) list[i] = sorted[i]!;
  return list;
}

function* mergeInSteps<T>(a: T[], b: T[], cmp: (a: T, b: T) => number, unit: number): Generator<void, T[]> {
  const out: T[] = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  for (let k = 0; k < out.length; k++) {
    out[k] = j >= b.length || (i < a.length && cmp(a[i]!, b[j]!) <= 0) ? a[i++]! : b[j++]!;
    if (k % unit === unit - 1) yield;
  }
  return out;
}
