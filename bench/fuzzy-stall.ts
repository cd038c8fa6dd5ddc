import { type IntervalHistogram, monitorEventLoopDelay, performance } from 'node:perf_hooks';
import pino from 'pino';
import { loadConfig } from '../src/config.js';
import { fixedClock } from '../src/core/clock.js';
import { openDb } from '../src/db/client.js';
import type { Customer } from '../src/db/repos/customers.repo.js';
import { buildNameIndex } from '../src/domain/fuzzy-index.js';
import { candidatesFor, customerSourceReady } from '../src/method/logs/customer-index.js';
import { createServices } from '../src/services.js';

// The longest event-loop stall of building the fuzzy customer index of 100,000 customers (200,000
// names with their aliases), the step-3 region's size: once in one go (as every build ran before),
// once in slices as /记录 now awaits it (src/method/logs/customer-index.ts). The two builds use
// different names, so the pinyin cache of the first does not speed up the second.
//   npx tsx bench/fuzzy-stall.ts [customers]

const N = Number(process.argv[2] ?? 100_000);
const CITIES = ['苏州', '无锡', '常州', '南京', '杭州', '宁波', '合肥', '扬州', '南通', '嘉兴', '绍兴', '温州', '徐州', '泰州', '镇江'];
const TRADES = ['机床', '重工', '电气', '精工', '化工', '纺织', '汽配', '光电', '电子', '材料', '环保', '物流', '仪表', '阀门', '轴承'];
const KINDS = ['制造', '装备', '科技', '实业', '机械', '集团', '工业', '股份', '材料', '设备'];

function customers(tag: string): Customer[] {
  return Array.from({ length: N }, (_, i) => {
    const name = `${CITIES[i % 15]}${TRADES[Math.floor(i / 15) % 15]}${KINDS[Math.floor(i / 225) % 10]}${tag}${Math.floor(i / 2250)}号`;
    return { id: i + 1, name, aliasesJson: JSON.stringify([`${name.slice(0, 2)}${name.slice(4, 6)}${i}`]) } as Customer;
  });
}

/** Lets the histogram record the delay of a block that just ended. */
const settle = () => new Promise((r) => setTimeout(r, 50));

async function measured<T>(work: () => Promise<T>): Promise<{ ms: number; stallMs: number; value: T }> {
  const h: IntervalHistogram = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  await settle();
  const t = performance.now();
  const value = await work();
  const ms = performance.now() - t;
  await settle();
  h.disable();
  return { ms, stallMs: h.max / 1e6, value };
}

async function main(): Promise<void> {
  const config = loadConfig({ DATABASE_PATH: ':memory:', LOG_LEVEL: 'silent' });
  const services = createServices({
    config,
    db: openDb(':memory:'),
    clock: fixedClock('2026-11-26T02:00:00.000Z'),
    log: pino({ level: 'silent' }),
  });
  const before = customers('甲');
  const oneGo = await measured(async () => buildNameIndex(before.map((c) => [c.name, ...JSON.parse(c.aliasesJson)])));
  const after = customers('乙');
  let ticks = 0;
  const sliced = await measured(async () => {
    const ticking = setInterval(() => ticks++, 1);
    try {
      return await customerSourceReady(services, after, 'bench', ['没有这个名字']);
    } finally {
      clearInterval(ticking);
    }
  });
  // What the machine itself adds (other processes on the same cores): an idle loop for 3 s.
  const idle = await measured(() => new Promise((r) => setTimeout(r, 3_000)));
  const word = await measured(async () => candidatesFor(sliced.value, '苏州机械').length);
  const names = N * 2;
  console.log(`fuzzy index of ${N} customers (${names} names):`);
  console.log(`  in one go:  ${oneGo.ms.toFixed(0)} ms, longest event-loop stall ${oneGo.stallMs.toFixed(0)} ms`);
  console.log(
    `  in slices:  ${sliced.ms.toFixed(0)} ms, longest event-loop stall ${sliced.stallMs.toFixed(0)} ms (a 1 ms timer fired ${ticks} times meanwhile)`,
  );
  console.log(`  idle loop, 3 s: longest stall ${idle.stallMs.toFixed(0)} ms (the machine's share, not the build's)`);
  console.log(`  first word after the build: ${word.ms.toFixed(1)} ms (${word.value} candidates)`);
  services.db.$client.close();
}

// Bounded: a bench that hangs the shared machine is worse than one that fails.
setTimeout(() => {
  console.error('fuzzy-stall: gave up after 5 minutes');
  process.exit(1);
}, 300_000).unref();
await main();
