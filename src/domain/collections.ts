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
