// Small collection helpers shared by the domain, the commands and the dashboard.

/** Rows grouped by a numeric key (a customer or rep id), in input order within each group. */
export function groupBy<T>(rows: readonly T[], key: (t: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/**
 * f memoised by its key, for the few hundred distinct inputs a large region repeats millions of
 * times (dates, periods). Bounded: cleared when `limit` keys are held. f must not return undefined.
 */
export function boundedMemo<K, V>(f: (k: K) => V, limit = 4096): (k: K) => V {
  const memo = new Map<K, V>();
  return (k) => {
    const hit = memo.get(k);
    if (hit !== undefined) return hit;
    const out = f(k);
    if (memo.size >= limit) memo.clear();
    memo.set(k, out);
    return out;
  };
}
