import { pinyin } from 'pinyin-pro';

// Fuzzy matching of what a rep types in chat against action and customer names and their aliases.
// Scores are in [0, 1]; the thresholds below were tuned on the demo's names (see tests/domain/fuzzy.test.ts).

export interface Candidate<T> {
  item: T;
  names: string[];
}

export interface Match<T> {
  item: T;
  score: number;
  /** The name or alias that matched best. */
  matched: string;
}

export type Resolution<T> =
  | { kind: 'one'; match: Match<T> }
  | { kind: 'ambiguous'; matches: Match<T>[] }
  | { kind: 'none'; closest: Match<T>[] };

const ACCEPT = 0.6;
/** A top match must beat the runner-up by this much to be "one clear match". */
const MARGIN = 0.15;

export function editDistance(a: string, b: string): number {
  const A = [...a];
  const B = [...b];
  let prev = Array.from({ length: B.length + 1 }, (_, j) => j);
  for (let i = 1; i <= A.length; i++) {
    const cur = [i];
    for (let j = 1; j <= B.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (A[i - 1] === B[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[B.length]!;
}

const initialsCache = new Map<string, string>();
export function pinyinInitials(name: string): string {
  let v = initialsCache.get(name);
  if (v === undefined) {
    v = pinyin(name, { pattern: 'first', toneType: 'none', type: 'array' }).join('').toLowerCase();
    initialsCache.set(name, v);
  }
  return v;
}

/**
 * The longest word compared by edit distance (quadratic in its length): two 990-character words
 * against every customer name took 19-24 s. Longer words still match exactly or as a substring.
 */
export const MAX_FUZZY_CHARS = 30;

export function scoreName(query: string, name: string): number {
  const q = query.trim().toLowerCase();
  const n = name.toLowerCase();
  if (!q) return 0;
  if (q === n) return 1;
  const ql = [...q].length;
  const nl = [...n].length;
  if (ql > MAX_FUZZY_CHARS) return n.length > 0 && q.includes(n) ? 0.55 + 0.4 * (nl / ql) : 0;
  if (n.includes(q) || q.includes(n)) return 0.55 + 0.4 * (Math.min(ql, nl) / Math.max(ql, nl));
  if (/^[a-z]+$/.test(q)) {
    const ini = pinyinInitials(name);
    if (ini === q) return 0.9;
    if (q.length >= 2 && ini.startsWith(q)) return 0.6 + 0.3 * (q.length / ini.length);
  }
  const sim = 1 - editDistance(q, n) / Math.max(ql, nl);
  return sim >= 0.5 ? sim * 0.9 : sim * 0.5;
}

export function rank<T>(query: string, candidates: Candidate<T>[]): Match<T>[] {
  const out: Match<T>[] = [];
  for (const c of candidates) {
    let best: Match<T> = { item: c.item, score: 0, matched: c.names[0] ?? '' };
    for (const name of c.names) {
      const s = scoreName(query, name);
      if (s > best.score) best = { item: c.item, score: s, matched: name };
    }
    out.push(best);
  }
  return out.sort((a, b) => b.score - a.score);
}

export function resolve<T>(query: string, candidates: Candidate<T>[]): Resolution<T> {
  const ranked = rank(query, candidates);
  const top = ranked[0];
  if (!top || top.score < ACCEPT) return { kind: 'none', closest: ranked.filter((m) => m.score > 0).slice(0, 3) };
  const close = ranked.filter((m) => m.score >= ACCEPT && top.score - m.score < MARGIN);
  if (top.score === 1 && (ranked[1]?.score ?? 0) < 1) return { kind: 'one', match: top };
  if (close.length === 1) return { kind: 'one', match: top };
  return { kind: 'ambiguous', matches: close.slice(0, 3) };
}
