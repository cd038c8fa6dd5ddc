import { aliasesOf, type Customer } from '../../db/repos/customers.repo.js';
import type { Candidate } from '../../domain/fuzzy.js';
import { buildNameIndex, candidatePositions, type NameIndex } from '../../domain/fuzzy-index.js';
import type { Services } from '../../services.js';
import { type CustomerCandidates, customerCandidates } from './log-resolve.js';

// Customer look-up for chat words on large regions: scoring every name by edit distance took 19-24 s
// on the step-3 region's 100,000 customers. A pool this large is matched through a candidate index
// (src/domain/fuzzy-index.ts), built once and kept in services.memo per pool; a smaller pool (the
// demo's 198) is scanned as before. The index is rebuilt when the pool changes: a fingerprint of
// every id, name and alias, in order, is compared on each use (a linear hash, no edit distance).

/** From this many customers on, words are matched through the index. */
export const INDEX_FROM = 2_000;

interface Kept {
  fingerprint: string;
  index: NameIndex;
}

function fingerprint(pool: Customer[]): string {
  let h = 0x811c9dc5;
  const mix = (s: string) => {
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  };
  for (const c of pool) {
    mix(String(c.id));
    mix(c.name);
    mix(c.aliasesJson);
  }
  return `${pool.length}:${h >>> 0}`;
}

/** What resolve() compares `word` against for this pool; `key` names the pool (a region, or all). */
export function customerSource(services: Services, pool: Customer[], key: string): CustomerCandidates {
  if (pool.length < INDEX_FROM) return customerCandidates(pool);
  const kept = services.memo.get('customer-index', () => new Map<string, Kept>());
  const fp = fingerprint(pool);
  let entry = kept.get(key);
  if (!entry || entry.fingerprint !== fp) {
    entry = { fingerprint: fp, index: buildNameIndex(pool.map((c) => [c.name, ...aliasesOf(c)])) };
    kept.set(key, entry);
  }
  const { index } = entry;
  return (word) => customerCandidates(candidatePositions(index, word).map((p) => pool[p]!));
}

export const candidatesFor = (source: CustomerCandidates, word: string): Candidate<Customer>[] =>
  typeof source === 'function' ? source(word) : source;
