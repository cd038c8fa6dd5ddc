import { MAX_FUZZY_CHARS, pinyinInitials } from './fuzzy.js';
import { drain, sortInSteps } from './stepwise.js';

// A candidate index for fuzzy matching on large name lists (a region of 100,000 customers): the few
// entries that can score well against a word, so scoreName (edit distance) runs on dozens, not on
// every name. Entries are positions in the caller's list. What each part finds, for the scores of
// fuzzy.ts: the exact map (score 1, and names inside the word), bigram postings intersected (the word
// inside a name), sorted pinyin initials (a prefix range) and shared bigrams and characters (edit
// distance). A name sharing no bigram with the word and no character with a short word cannot reach
// the acceptance score, except by a long substring, which the exact map finds.

export interface NameIndex {
  size: number;
  exact: Map<string, number[]>;
  grams: Map<string, number[]>;
  chars: Map<string, number[]>;
  /** Shortest name per entry, in characters: the substring and initials scores favour short names. */
  shortest: Int32Array;
  longestName: number;
  names: string[][];
  /**
   * Pinyin initials of every name, sorted. Built with the index, not on the first all-letter word:
   * pinyin for every name is the costliest part (~6 s on 100,000 names when it ran inside that
   * word's request); the index is built once per pool and kept (customer-index.ts).
   */
  initials: Array<[string, number]>;
}

/** Entries whose scores are worked out, at most, per kind of candidate. */
const PER_KIND = 64;
/** Words this short also count shared characters (a middle typo in a 3-character name shares no bigram). */
const SHORT_WORD = 4;

function push(map: Map<string, number[]>, key: string, pos: number): void {
  const list = map.get(key);
  if (!list) map.set(key, [pos]);
  else if (list[list.length - 1] !== pos) list.push(pos);
}

/** Names handled between two yields of a stepwise build (~1-5 ms of work; pinyin is the slow part). */
const NAMES_PER_STEP = 256;

/** An index being built in steps: the exact map is complete first, before the costlier parts. */
export interface NameIndexBuild {
  exact: Map<string, number[]>;
  exactReady: boolean;
  steps: Generator<void, NameIndex>;
}

/**
 * The index of `entries` as a stepwise computation (stepwise.ts): 2.2 s on 100,000 names in one
 * go, which held the event loop of the request that needed it. customer-index.ts resumes it between
 * requests; buildNameIndex runs it at once.
 */
export function nameIndexBuild(size: number, namesAt: (pos: number) => string[]): NameIndexBuild {
  const build: NameIndexBuild = { exact: new Map(), exactReady: false, steps: buildSteps(size, namesAt, () => build) };
  return build;
}

export function buildNameIndex(entries: string[][]): NameIndex {
  return drain(nameIndexBuild(entries.length, (pos) => entries[pos]!).steps);
}

/** `namesAt` is read in the steps too (parsing 100,000 customers' aliases at once took 0.3 s). */
function* buildSteps(size: number, namesAt: (pos: number) => string[], self: () => NameIndexBuild): Generator<void, NameIndex> {
  const { exact } = self();
  const entries: string[][] = new Array(size);
  for (let pos = 0; pos < size; pos++) {
    entries[pos] = namesAt(pos);
    for (const raw of entries[pos]!) push(exact, raw.toLowerCase(), pos);
    if (pos % NAMES_PER_STEP === NAMES_PER_STEP - 1) yield;
  }
  self().exactReady = true;
  const grams = new Map<string, number[]>();
  const chars = new Map<string, number[]>();
  const shortest = new Int32Array(entries.length);
  let longestName = 0;
  for (let pos = 0; pos < entries.length; pos++) {
    let min = Number.MAX_SAFE_INTEGER;
    for (const raw of entries[pos]!) {
      const cs = [...raw.toLowerCase()];
      min = Math.min(min, cs.length);
      longestName = Math.max(longestName, cs.length);
      for (let i = 0; i < cs.length; i++) {
        push(chars, cs[i]!, pos);
        if (i + 1 < cs.length) push(grams, cs[i]! + cs[i + 1]!, pos);
      }
    }
    shortest[pos] = min === Number.MAX_SAFE_INTEGER ? 0 : min;
    if (pos % NAMES_PER_STEP === NAMES_PER_STEP - 1) yield;
  }
  const initials = yield* initialsOf(entries);
  return { size: entries.length, exact, grams, chars, shortest, longestName, names: entries, initials };
}

function* initialsOf(entries: string[][]): Generator<void, Array<[string, number]>> {
  const out: Array<[string, number]> = [];
  for (let pos = 0; pos < entries.length; pos++) {
    for (const n of entries[pos]!) out.push([pinyinInitials(n), pos]);
    if (pos % (NAMES_PER_STEP / 4) === NAMES_PER_STEP / 4 - 1) yield;
  }
  return yield* sortInSteps(out, (a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** The PER_KIND entries with the shortest names: for the substring and initials scores, the best. */
function shortestOf(index: NameIndex, positions: Iterable<number>): number[] {
  const all = [...new Set(positions)];
  if (all.length <= PER_KIND) return all;
  return all.sort((a, b) => index.shortest[a]! - index.shortest[b]!).slice(0, PER_KIND);
}

function containing(index: NameIndex, cs: string[]): number[] {
  if (cs.length === 1) return index.chars.get(cs[0]!) ?? [];
  const lists: number[][] = [];
  for (let i = 0; i + 1 < cs.length; i++) lists.push(index.grams.get(cs[i]! + cs[i + 1]!) ?? []);
  lists.sort((a, b) => a.length - b.length);
  let acc = new Set(lists[0]);
  for (const l of lists.slice(1)) {
    if (acc.size === 0) break;
    const next = new Set(l);
    acc = new Set([...acc].filter((p) => next.has(p)));
  }
  return [...acc];
}

function withInitials(index: NameIndex, q: string): number[] {
  const list = index.initials;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]![0] < q) lo = mid + 1;
    else hi = mid;
  }
  const out: number[] = [];
  for (let i = lo; i < list.length && list[i]![0].startsWith(q); i++) out.push(list[i]![1]);
  return out;
}

/** Entries sharing the most bigrams (and, for a short word, characters) with the word. */
function overlapping(index: NameIndex, cs: string[]): number[] {
  const counts = new Map<number, number>();
  const add = (list: number[] | undefined, w: number) => {
    for (const p of list ?? []) counts.set(p, (counts.get(p) ?? 0) + w);
  };
  const seen = new Set<string>();
  for (let i = 0; i + 1 < cs.length; i++) {
    const g = cs[i]! + cs[i + 1]!;
    if (!seen.has(g)) add(index.grams.get(g), 2);
    seen.add(g);
  }
  if (cs.length <= SHORT_WORD) for (const c of new Set(cs)) add(index.chars.get(c), 1);
  const len = cs.length;
  return [...counts]
    .sort((a, b) => b[1] - a[1] || Math.abs(index.shortest[a[0]]! - len) - Math.abs(index.shortest[b[0]]! - len))
    .slice(0, PER_KIND)
    .map(([p]) => p);
}

/** Positions worth scoring against `word`: a few dozen at most per kind, whatever the list's size. */
export function candidatePositions(index: NameIndex, word: string): number[] {
  const q = word.trim().toLowerCase();
  const cs = [...q];
  if (cs.length === 0) return [];
  const exact = index.exact.get(q);
  // A word that is a name (or alias) scores 1 there and below 1 everywhere else, so resolve() picks it
  // whatever else is scored: skip the postings, which for a bigram every name shares (客户…) hold the whole
  // list. Not for all-letter words, whose pinyin initials may also name a customer exactly.
  if (exact?.length && !/^[a-z]+$/.test(q)) return inListOrder(new Set(exact));
  const out = new Set<number>(exact ?? []);
  // Names inside the word (an alias typed with extra characters, a long word).
  const longest = Math.min(index.longestName, cs.length);
  for (let i = 0; i < cs.length; i++)
    for (let len = 1; len <= longest && i + len <= cs.length; len++)
      for (const p of index.exact.get(cs.slice(i, i + len).join('')) ?? []) out.add(p);
  if (cs.length > MAX_FUZZY_CHARS) return inListOrder(out);
  for (const p of shortestOf(index, containing(index, cs))) out.add(p);
  if (/^[a-z]+$/.test(q) && q.length >= 2) for (const p of shortestOf(index, withInitials(index, q))) out.add(p);
  for (const p of overlapping(index, cs)) out.add(p);
  return inListOrder(out);
}

// In the list's order: rank() keeps the order of equal scores, so ties come out as in the scan.
const inListOrder = (positions: Set<number>) => [...positions].sort((a, b) => a - b);
