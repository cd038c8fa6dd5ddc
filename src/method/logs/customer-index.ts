import { performance } from 'node:perf_hooks';
import { aliasesOf, type Customer } from '../../db/repos/customers.repo.js';
import type { Candidate } from '../../domain/fuzzy.js';
import { candidatePositions, type NameIndex, type NameIndexBuild, nameIndexBuild } from '../../domain/fuzzy-index.js';
import { drain } from '../../domain/stepwise.js';
import type { Services } from '../../services.js';
import { type CustomerCandidates, customerCandidates } from './log-resolve.js';

// Customer look-up for chat words on large regions: scoring every name by edit distance took 19-24 s
// on the step-3 region's 100,000 customers. A pool this large is matched through a candidate index
// (src/domain/fuzzy-index.ts), kept in services.memo per pool; a smaller pool (the demo's 198) is
// scanned as before. The index is rebuilt only when the pool's names change: a fingerprint of every
// id, name and alias, in order, is compared on each use (a linear hash), so a log, a stage change or
// a new order never rebuilds it. The build (2.2 s on 100,000 names) runs in slices of ~SLICE_MS
// between which the event loop serves other requests; a /记录 awaits it (customerSourceReady).

/** From this many customers on, words are matched through the index. */
export const INDEX_FROM = 2_000;

/** The longest the build holds the event loop at a time (issue 13: no stall over ~100 ms). */
export const SLICE_MS = 12;

interface Kept {
  fingerprint: string;
  build: NameIndexBuild;
  /** Set when the build is complete (by the slices, or drained by a synchronous caller). */
  index: NameIndex | null;
  ready: Promise<NameIndex> | null;
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

/** A kept pool (customer-pool.ts) is the same array until it changes: hash its 100,000 names once, not per command. */
function fingerprintOf(services: Services, pool: Customer[]): string {
  const known = services.memo.get('customer-index-fingerprints', () => new WeakMap<Customer[], string>());
  let fp = known.get(pool);
  if (fp === undefined) {
    fp = fingerprint(pool);
    known.set(pool, fp);
  }
  return fp;
}

function keptFor(services: Services, pool: Customer[], key: string): Kept {
  const all = services.memo.get('customer-index', () => new Map<string, Kept>());
  const fp = fingerprintOf(services, pool);
  let kept = all.get(key);
  if (!kept || kept.fingerprint !== fp) {
    kept = {
      fingerprint: fp,
      build: nameIndexBuild(pool.length, (p) => [pool[p]!.name, ...aliasesOf(pool[p]!)]),
      index: null,
      ready: null,
    };
    all.set(key, kept);
  }
  return kept;
}

/** Runs the build's remaining steps in slices. A build a newer pool replaced still finishes, for whoever awaits it. */
function sliced(kept: Kept): Promise<NameIndex> {
  kept.ready ??= (async () => {
    for (;;) {
      if (kept.index) return kept.index;
      const until = performance.now() + SLICE_MS;
      let r = kept.build.steps.next();
      while (!r.done && performance.now() < until) r = kept.build.steps.next();
      if (r.done) kept.index = r.value;
      else await new Promise((go) => setImmediate(go));
    }
  })();
  return kept.ready;
}

const viaIndex =
  (pool: Customer[], index: NameIndex): CustomerCandidates =>
  (word) =>
    customerCandidates(candidatePositions(index, word).map((p) => pool[p]!));

/**
 * What resolve() compares `word` against for this pool; `key` names the pool (a region, or all).
 * Synchronous: an index still building is finished here at once (callers that can await use
 * customerSourceReady first, and then find it built).
 */
export function customerSource(services: Services, pool: Customer[], key: string): CustomerCandidates {
  if (pool.length < INDEX_FROM) return customerCandidates(pool);
  const kept = keptFor(services, pool, key);
  kept.index ??= drain(kept.build.steps);
  return viaIndex(pool, kept.index);
}

/**
 * The same source without holding the event loop: the index when built, else the build is resumed
 * in slices and awaited. While it builds, `words` that name a customer exactly are answered from
 * the exact names (complete first): each word then gets only its exact matches, which resolve to
 * the same customer (an exact name scores 1, above any other match; a name several customers share
 * offers only those); when no word names one exactly, the caller waits for the index.
 */
export async function customerSourceReady(services: Services, pool: Customer[], key: string, words: string[]): Promise<CustomerCandidates> {
  if (pool.length < INDEX_FROM) return customerCandidates(pool);
  const kept = keptFor(services, pool, key);
  if (kept.index) return viaIndex(pool, kept.index);
  const building = sliced(kept);
  const { exact, exactReady } = kept.build;
  const exactOf = (word: string) => exact.get(word.trim().toLowerCase()) ?? [];
  if (exactReady && words.some((w) => exactOf(w).length > 0)) return (word) => customerCandidates(exactOf(word).map((p) => pool[p]!));
  return viaIndex(pool, await building);
}

/** Where a pool's index stands (tests, the bench): none, building, exact names ready, or built. */
export function indexStatus(services: Services, key: string): 'none' | 'building' | 'exact' | 'built' {
  const kept = services.memo.get('customer-index', () => new Map<string, Kept>()).get(key);
  if (!kept) return 'none';
  return kept.index ? 'built' : kept.build.exactReady ? 'exact' : 'building';
}

export const candidatesFor = (source: CustomerCandidates, word: string): Candidate<Customer>[] =>
  typeof source === 'function' ? source(word) : source;
