import { createWorkCalendar } from '../../src/domain/calendar.js';
import { addDays, daysBetween, type LocalDate, quarterEnd, quarterOf, quarterStart, shiftQuarter } from '../../src/domain/dates.js';
import { DEFAULT_ACTIONS } from '../../src/domain/packs.js';
import { generateDueItems } from '../../src/domain/plan.js';
import type { Stage } from '../../src/domain/stages.js';
import { type Rng, sfc32 } from './rng.js';

// An independent simulated region (not the demo): lumpy orders (0-6 a quarter, lognormal amounts,
// fixed yearly tenders), payments 30-120 days after the order with customer habits, split and late
// payments and a little bad debt, true stages with dated changes, and reps whose completion of
// their packs varies by quarter; a rep who skips pack actions sells less and collects later that
// quarter. Everything the import reads, plus the truth (each customer's stage today).

export interface SimOptions {
  reps: number;
  customers: number;
  seed: number;
  today: LocalDate;
  quarters: number;
}
export interface SimChange {
  customer: string;
  stage: Stage;
  on: LocalDate;
}
export interface SimRow {
  key: string;
  customer: string;
  kind: 'order' | 'collection';
  date: LocalDate;
  fen: number;
}
export interface SimLog {
  rep: string;
  customer: string;
  action: string;
  date: LocalDate;
  note: string;
}
export interface SimCustomer {
  name: string;
  owner: string;
  stage: Stage;
  since: LocalDate;
  firstOn: LocalDate;
}
export interface SimRegion {
  region: string;
  manager: string;
  reps: string[];
  customers: SimCustomer[];
  changes: SimChange[];
  rows: SimRow[];
  logs: SimLog[];
  /** rep -> quarter -> pack completion the rep aimed at that quarter. */
  diligence: Map<string, Map<string, number>>;
}

const GROWTH: Record<Stage, [number, number]> = {
  incubating: [0.3, 0.8],
  growing: [0.25, 0.6],
  stable: [-0.05, 0.05],
  declining: [-0.45, -0.25],
};
const SEASON = [0.85, 1.0, 1.0, 1.15];
const WAN = 1_000_000; // 1万元 in 分

interface Plan {
  name: string;
  owner: string;
  segments: Array<{ stage: Stage; from: LocalDate; g: number }>;
  size: number;
  perQuarter: number;
  tender: number | null;
  lag: number;
  firstOn: LocalDate;
}

function pickStage(r: Rng): Stage {
  const x = r();
  return x < 0.1 ? 'incubating' : x < 0.35 ? 'growing' : x < 0.8 ? 'stable' : 'declining';
}

function planCustomer(r: Rng, i: number, owner: string, start: LocalDate, today: LocalDate): Plan {
  const now = pickStage(r);
  const q0 = quarterOf(today);
  const segments: Plan['segments'] = [];
  const g = (s: Stage) => GROWTH[s][0] + r() * (GROWTH[s][1] - GROWTH[s][0]);
  let firstOn = start;
  if (now === 'incubating') {
    firstOn = addDays(quarterStart(shiftQuarter(q0, -1 - Math.floor(r() * 2))), Math.floor(r() * 80));
    segments.push({ stage: 'incubating', from: firstOn, g: 0 });
  } else if (r() < 0.3) {
    // One change 5-9 quarters ago: the earlier stage, then today's.
    const on = addDays(quarterStart(shiftQuarter(q0, -5 - Math.floor(r() * 5))), Math.floor(r() * 80));
    const before: Stage =
      now === 'stable' ? (r() < 0.5 ? 'growing' : 'incubating') : now === 'growing' ? (r() < 0.5 ? 'incubating' : 'stable') : 'stable';
    if (before === 'incubating') firstOn = addDays(on, -120 - Math.floor(r() * 120));
    segments.push({ stage: before, from: firstOn < start ? start : firstOn, g: g(before) }, { stage: now, from: on, g: g(now) });
  } else segments.push({ stage: now, from: start, g: g(now) });
  const tender = now === 'stable' && segments.length === 1 && r() < 0.15 ? (r() < 0.5 ? 2 : 4) : null;
  return {
    name: `客户${String(i + 1).padStart(4, '0')}`,
    owner,
    segments,
    tender,
    firstOn,
    size: Math.exp(Math.log(15) + 0.8 * normal(r)) * WAN,
    perQuarter: 1 + r() * 4,
    lag: 30 + r() * 70,
  };
}

export function normal(r: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

function poisson(r: Rng, lambda: number): number {
  let k = 0;
  for (let p = Math.exp(-lambda), s = p, u = r(); u > s; k++) {
    p *= lambda / (k + 1);
    s += p;
  }
  return k;
}

/** The segment in force on a day (the first one before it starts). */
function segmentAt(p: Plan, d: LocalDate): Plan['segments'][number] {
  let seg = p.segments[0]!;
  for (const s of p.segments) if (s.from <= d) seg = s;
  return seg;
}

/** The customer's volume level of a quarter: each earlier quarter compounds its segment's yearly growth. */
function level(p: Plan, quarter: string): number {
  let factor = 1;
  for (let q = quarterOf(p.segments[0]!.from); q < quarter; q = shiftQuarter(q, 1)) factor *= (1 + segmentAt(p, quarterEnd(q)).g) ** 0.25;
  return factor;
}

export function simulate(o: SimOptions): SimRegion {
  const r = sfc32(o.seed);
  const region = `模拟${o.reps}x${o.customers}区`;
  const reps = Array.from({ length: o.reps }, (_, i) => `销售${String(i + 1).padStart(3, '0')}`);
  const q0 = quarterOf(o.today);
  const first = shiftQuarter(q0, -o.quarters);
  const start = quarterStart(first);
  const diligence = new Map<string, Map<string, number>>();
  for (const rep of reps) {
    const base = r() < 0.7 ? 0.8 + r() * 0.15 : 0.55 + r() * 0.2;
    const m = new Map<string, number>();
    for (let q = first; q <= q0; q = shiftQuarter(q, 1)) m.set(q, r() < 0.25 ? 0.2 + r() * 0.35 : Math.min(1, base + 0.05 * normal(r)));
    diligence.set(rep, m);
  }
  const plans = Array.from({ length: o.customers }, (_, i) => planCustomer(r, i, reps[Math.floor(r() * reps.length)]!, start, o.today));
  const out: SimRegion = { region, manager: `${region}主管`, reps, customers: [], changes: [], rows: [], logs: [], diligence };
  const cal = createWorkCalendar();
  for (const p of plans) {
    const last = p.segments[p.segments.length - 1]!;
    out.customers.push({ name: p.name, owner: p.owner, stage: last.stage, since: last.from, firstOn: p.firstOn });
    for (const s of p.segments) out.changes.push({ customer: p.name, stage: s.stage, on: s.from });
    ordersOf(r, p, o, first, out, diligence.get(p.owner)!);
    logsOf(r, p, o, out, diligence.get(p.owner)!, cal);
  }
  out.rows.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return out;
}

function ordersOf(r: Rng, p: Plan, o: SimOptions, first: string, out: SimRegion, dil: Map<string, number>): void {
  let n = 0;
  for (let q = first; q <= quarterOf(o.today); q = shiftQuarter(q, 1)) {
    const qs = quarterStart(q) < p.firstOn ? p.firstOn : quarterStart(q);
    if (qs > quarterEnd(q)) continue;
    const factor = level(p, q);
    const c = dil.get(q) ?? 0.8;
    // Skipped pack actions cost business that quarter (docs/method.md step 3's activity effects).
    const effort = 0.55 + 0.5 * c;
    const season = SEASON[Number(q.slice(-1)) - 1]!;
    const value = p.tender !== null ? (Number(q.slice(-1)) === p.tender ? p.size * 4 : 0) : p.size * factor * season * effort;
    const count = p.tender !== null ? (value > 0 ? 1 : 0) : poisson(r, p.perQuarter);
    const span = daysBetween(qs, quarterEnd(q)) + 1;
    for (let k = 0; k < count; k++) {
      const date = addDays(qs, Math.floor(r() * span));
      if (date >= o.today) continue;
      const fen = Math.max(100, Math.round((value / (p.tender !== null ? 1 : p.perQuarter)) * Math.exp(0.4 * normal(r) - 0.08)));
      const key = `${p.name}-${++n}`;
      out.rows.push({ key, customer: p.name, kind: 'order', date, fen });
      payments(r, p, o, out, key, date, fen, dil);
    }
  }
}

function payments(
  r: Rng,
  p: Plan,
  o: SimOptions,
  out: SimRegion,
  key: string,
  date: LocalDate,
  fen: number,
  dil: Map<string, number>,
): void {
  if (r() < 0.01) return; // bad debt
  const parts = r() < 0.65 ? 1 : r() < 0.7 ? 2 : 3;
  const late = r() < 0.12 ? 30 + Math.floor(r() * 60) : 0;
  let left = fen;
  for (let k = 0; k < parts; k++) {
    const amount = k === parts - 1 ? left : Math.round(fen / parts);
    left -= amount;
    let on = addDays(date, Math.max(15, Math.round(p.lag + 12 * normal(r))) + 30 * k + late);
    // A rep who skips the pack that quarter follows up late: part of what falls due slips.
    const c = dil.get(quarterOf(on)) ?? 0.8;
    if (r() < (1 - c) * 0.6) on = addDays(on, 25 + Math.floor(r() * 20));
    if (on < o.today) out.rows.push({ key: `${key}-回${k + 1}`, customer: p.name, kind: 'collection', date: on, fen: amount });
  }
}

/**
 * Reps work from their battle map: the items the app plans for the stage (generateDueItems), each
 * done with the quarter's completion probability, on its due date give or take a few days.
 */
function logsOf(
  r: Rng,
  p: Plan,
  o: SimOptions,
  out: SimRegion,
  dil: Map<string, number>,
  cal: ReturnType<typeof createWorkCalendar>,
): void {
  p.segments.forEach((s, i) => {
    const to = addDays(p.segments[i + 1]?.from ?? o.today, -1);
    const items = generateDueItems({
      memberId: 0,
      customers: [{ id: 1, stage: s.stage, stageSince: s.from }],
      actions: DEFAULT_ACTIONS,
      from: s.from,
      to,
      calendar: cal,
    });
    for (const it of items) {
      if (r() >= (dil.get(quarterOf(it.dueDate)) ?? 0.8)) continue;
      let date = addDays(it.dueDate, Math.floor(r() * 6) - 3);
      if (date < it.windowStart) date = it.windowStart;
      if (date > it.windowEnd) date = it.windowEnd;
      const name = DEFAULT_ACTIONS.find((a) => a.code === it.actionCode)!.name;
      if (date < o.today) out.logs.push({ rep: p.owner, customer: p.name, action: name, date, note: '' });
    }
  });
}
