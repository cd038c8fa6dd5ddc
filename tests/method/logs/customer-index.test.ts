import { describe, expect, it } from 'vitest';
import type { Customer } from '../../../src/db/repos/customers.repo.js';
import { resolve } from '../../../src/domain/fuzzy.js';
import { buildNameIndex, candidatePositions, nameIndexBuild } from '../../../src/domain/fuzzy-index.js';
import { drain } from '../../../src/domain/stepwise.js';
import { candidatesFor, customerSource, customerSourceReady, indexStatus } from '../../../src/method/logs/customer-index.js';
import { testServices } from '../../helpers/test-app.js';

// The name index of a large region is built in slices between requests (issue 13 item 3): other
// callbacks run while it builds, an exact name is answered meanwhile, and what it finds equals the
// index built in one go.

const CITIES = ['苏州', '无锡', '常州', '南京', '杭州', '宁波', '合肥', '扬州', '南通', '嘉兴'];
const TRADES = ['机床', '重工', '电气', '精工', '化工', '纺织', '汽配', '光电', '电子', '材料'];

function pool(n: number): Customer[] {
  return Array.from(
    { length: n },
    (_, i) =>
      ({
        id: i + 1,
        name: `${CITIES[i % 10]}${TRADES[Math.floor(i / 10) % 10]}${Math.floor(i / 100)}号`,
        aliasesJson: i % 3 ? '[]' : JSON.stringify([`别名${i}`]),
      }) as Customer,
  );
}

const names = (cands: ReturnType<typeof candidatesFor>) => cands.map((c) => c.item.name);
const tick = () => new Promise((r) => setImmediate(r));

describe('the customer name index on a large region', { timeout: 90_000 }, () => {
  it('builds in slices: other callbacks run meanwhile, and it finds what the one-go build finds', async () => {
    const { services } = testServices();
    const customers = pool(20_000);
    let ticks = 0;
    let building = true;
    const ticker = (async () => {
      while (building) {
        ticks++;
        await tick();
      }
    })();
    const source = await customerSourceReady(services, customers, 'r', ['没有这个名字']);
    building = false;
    await ticker;
    expect(ticks).toBeGreaterThan(2);
    expect(indexStatus(services, 'r')).toBe('built');
    const oneGo = buildNameIndex(customers.map((c) => [c.name, ...JSON.parse(c.aliasesJson)]));
    for (const word of ['苏州机床0号', '苏州机床', 'szjc', '苏州某床12号', '别名300', '南京']) {
      const expected = candidatePositions(oneGo, word).map((p) => customers[p]!.name);
      expect(names(candidatesFor(source, word)), word).toEqual(expected);
    }
    // Kept: a synchronous caller of the same pool finds it built.
    expect(names(candidatesFor(customerSource(services, customers, 'r'), '南京'))).toEqual(names(candidatesFor(source, '南京')));
  });

  it('answers an exact name from the exact map while the rest builds, with the same resolution', async () => {
    const { services } = testServices();
    const customers = pool(20_000);
    const full = customerSourceReady(services, customers, 'r', ['苏州某床']);
    for (let i = 0; i < 10_000 && indexStatus(services, 'r') === 'building'; i++) await tick();
    expect(indexStatus(services, 'r')).toBe('exact');
    const word = customers[4_321]!.name;
    const early = await customerSourceReady(services, customers, 'r', ['高层拜访', word]);
    expect(indexStatus(services, 'r')).toBe('exact');
    expect(names(candidatesFor(early, word))).toEqual([word]);
    expect(candidatesFor(early, '高层拜访')).toEqual([]);
    const built = await full;
    const a = resolve(word, candidatesFor(early, word));
    const b = resolve(word, candidatesFor(built, word));
    expect(a.kind === 'one' && a.match.item.id).toBe(4_322);
    expect(b.kind === 'one' && b.match.item.id).toBe(4_322);
  });

  it('a synchronous caller finishes a build in progress instead of starting another', async () => {
    const { services } = testServices();
    const customers = pool(5_000);
    const pending = customerSourceReady(services, customers, 'r', []);
    await tick();
    const now = customerSource(services, customers, 'r');
    expect(indexStatus(services, 'r')).toBe('built');
    expect(names(candidatesFor(await pending, '南京'))).toEqual(names(candidatesFor(now, '南京')));
  });

  it('the stepwise build exposes the exact names first and equals the one-go build', () => {
    const entries = pool(3_000).map((c) => [c.name]);
    const build = nameIndexBuild(entries.length, (p) => entries[p]!);
    let steps = 0;
    while (!build.exactReady) {
      expect(build.steps.next().done).toBe(false);
      steps++;
    }
    expect(build.exact.get(entries[2_999]![0]!.toLowerCase())).toEqual([2_999]);
    expect(drain(build.steps)).toEqual(buildNameIndex(entries));
    expect(steps).toBeGreaterThan(1);
  });
});
