import { addDays, daysBetween, type LocalDate, quarterOf, quarterStart, shiftQuarter } from '../domain/dates.js';
import type { DemoCustomer } from './data.js';

/** Small deterministic PRNG so the demo is the same on every machine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DemoOrder {
  kind: 'order' | 'collection';
  date: LocalDate;
  amountFen: number;
}

const WAN = 10_000 * 100; // 1万元 in 分

/** Quarterly amount (万元) of quarter i (0 = eight quarters ago, 7 = last complete) by stage. */
function quarterAmount(dc: DemoCustomer, i: number, quarter: string, rand: () => number): number {
  const noise = 1 + (rand() - 0.5) * 0.08;
  switch (dc.stage) {
    case 'growing':
      return dc.size * 1.065 ** (i - 7) * noise;
    case 'declining':
      return dc.size * 0.88 ** i * noise;
    case 'incubating':
      return i === 7 ? dc.size : 0; // the first purchase, last quarter; no repeat yet
    default:
      if (dc.q2Tender) return quarter.endsWith('Q2') ? dc.size * 4 * noise : 0;
      return dc.size * noise;
  }
}

/** Eight complete quarters of orders plus the current quarter to date; collections 30-60 days later. */
export function demoOrders(dc: DemoCustomer, today: LocalDate, rand: () => number): DemoOrder[] {
  const out: DemoOrder[] = [];
  const current = quarterOf(today);
  for (let i = 0; i <= 8; i++) {
    const q = shiftQuarter(current, i - 8);
    const amount = i === 8 ? (dc.stage === 'incubating' ? 0 : quarterAmount(dc, 7, q, rand) * 0.6) : quarterAmount(dc, i, q, rand);
    if (amount <= 0) continue;
    const date = addDays(quarterStart(q), 5 + Math.floor(rand() * 60));
    if (date > today) continue;
    const fen = Math.round(amount * WAN);
    out.push({ kind: 'order', date, amountFen: fen });
    const paid = addDays(date, 30 + Math.floor(rand() * 30));
    if (daysBetween(paid, today) > 0) out.push({ kind: 'collection', date: paid, amountFen: fen });
  }
  return out;
}
