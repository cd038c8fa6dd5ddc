import type { Stage } from '../domain/stages.js';
import { DEMO_CUSTOMERS, DEMO_REPS, type DemoCustomer } from './data.js';

// Each rep's book beyond the story's named customers: smaller regional accounts, so a rep's week
// holds 4-8 pack items (a rate is not decided by one item) and every rep, 老王 included, has due
// items in every quarter. Names are fixed (city + trade), sizes small, so the story's figures (小李's
// three large incubating manufacturers, 老王's Q2 tenders) still dominate the split.

const CITIES = [
  '泰州',
  '宜兴',
  '江阴',
  '海宁',
  '余姚',
  '慈溪',
  '义乌',
  '诸暨',
  '临海',
  '温岭',
  '瑞安',
  '乐清',
  '靖江',
  '如皋',
  '海安',
  '启东',
  '东台',
  '高邮',
  '仪征',
  '兴化',
  '新沂',
  '邳州',
  '沭阳',
  '建湖',
];
const TRADES = [
  '包装机械',
  '紧固件',
  '齿轮箱',
  '注塑机',
  '液压件',
  '线缆设备',
  '精锻件',
  '过滤设备',
  '输送设备',
  '环保设备',
  '印染机械',
  '焊接设备',
  '气动元件',
  '冷链设备',
  '木工机械',
  '纺织配件',
  '减速机',
  '制冷配件',
  '造纸机械',
  '起重配件',
];

/** The accounts each rep gets on top of the named ones, by stage (each stage's pack load differs: docs/method.md step 2). */
const BOOK: Record<Stage, number> = { incubating: 2, growing: 5, stable: 4, declining: 1 };
/**
 * 小李 is the newcomer: his book is newly signed too, so he still has no history before last
 * quarter. Reps whose named customers carry little load (老王's five stable ones) get one more
 * incubating account.
 */
const BOOKS: Record<string, Record<Stage, number>> = {
  小李: { incubating: 3, growing: 0, stable: 0, declining: 0 },
  老王: { ...BOOK, incubating: 3 },
  小张: { ...BOOK, incubating: 3 },
  小刘: { ...BOOK, incubating: 3 },
  小郑: { ...BOOK, incubating: 3 },
  小何: { ...BOOK, incubating: 3 },
};

export function bookAccounts(): DemoCustomer[] {
  const out: DemoCustomer[] = [];
  const used = new Set(DEMO_CUSTOMERS.map((c) => c.name));
  let n = 0;
  for (const owner of DEMO_REPS) {
    const stages: Stage[] = [];
    for (const [stage, count] of Object.entries(BOOKS[owner] ?? BOOK) as Array<[Stage, number]>) {
      for (let i = 0; i < count; i++) stages.push(stage);
    }
    for (const stage of stages) {
      let name: string;
      // Trade by n, city shifted once per round of trades: distinct names for the first 160 accounts.
      do {
        name = `${CITIES[(n + Math.floor(n / TRADES.length)) % CITIES.length]}${TRADES[n % TRADES.length]}`;
        n++;
      } while (used.has(name));
      used.add(name);
      // 5-20万 a quarter: the book adds load, not much money (the region still targets 4.2亿).
      out.push({ name, owner, stage, size: 5 + ((n * 37) % 16), aliases: [] });
    }
  }
  return out;
}
