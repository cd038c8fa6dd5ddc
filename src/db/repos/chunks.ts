// SQLite binds at most 32,766 variables in one statement; a list of ids is bound in slices this
// size, well under the limit even with the statement's other parameters.
export const ID_CHUNK = 5_000;

/** Runs a query once per slice of the ids and concatenates the rows, in slice order. */
export function chunked<I, T>(ids: readonly I[], query: (slice: I[]) => T[]): T[] {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += ID_CHUNK) {
    for (const row of query(ids.slice(i, i + ID_CHUNK))) out.push(row);
  }
  return out;
}
