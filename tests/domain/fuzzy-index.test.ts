import { describe, expect, it } from 'vitest';
import { aliasesOf, type Customer } from '../../src/db/repos/customers.repo.js';
import { seedDemo } from '../../src/demo/seed.js';
import { type Candidate, pinyinInitials, type Resolution, resolve } from '../../src/domain/fuzzy.js';
import { buildNameIndex, candidatePositions } from '../../src/domain/fuzzy-index.js';
import { customerSource, INDEX_FROM } from '../../src/method/logs/customer-index.js';
import { testServices } from '../helpers/test-app.js';

// The candidate index (src/domain/fuzzy-index.ts) must give the answers of the full scan, and on a
// 100,000-name list score only a few dozen names per word (comparisons counted, not time).

const ids = <T extends { id: number }>(r: Resolution<T>) =>
  r.kind === 'one' ? [r.match.item.id] : r.kind === 'ambiguous' ? r.matches.map((m) => m.item.id) : r.closest.map((m) => m.item.id);

function viaIndex<T>(all: Candidate<T>[]) {
  const index = buildNameIndex(all.map((c) => c.names));
  return (word: string) => candidatePositions(index, word).map((p) => all[p]!);
}

function typos(name: string): string[] {
  const cs = [...name];
  if (cs.length < 3) return [];
  const mid = cs.length >> 1;
  return [[...cs.slice(0, mid), '某', ...cs.slice(mid + 1)].join(''), cs.slice(0, -1).join(''), cs.slice(0, 2).join('')];
}

// The scans it compares with are the slow part (seconds on a busy machine).
describe('fuzzy candidate index', { timeout: 90_000 }, () => {
  it('gives the same matches as the scan for every demo name, alias, initials and typo', () => {
    const { services } = testServices();
    seedDemo(services);
    const pool: Customer[] = services.repos.customers.all();
    const all = pool.map((c) => ({ item: c, names: [c.name, ...aliasesOf(c)] }));
    const indexed = viaIndex(all);
    const words = new Set<string>(['华东', '重工', '北京地铁', 'hdzg', 'hd', '机床', '精工', 'x', '华东重工 昨天 讲了新工艺']);
    for (const c of all)
      for (const n of c.names) {
        words.add(n);
        words.add(pinyinInitials(n));
        for (const t of typos(n)) words.add(t);
      }
    expect(words.size).toBeGreaterThan(700);
    const differing: string[] = [];
    for (const w of words) {
      const scan = resolve(w, all);
      const idx = resolve(w, indexed(w));
      if (scan.kind !== idx.kind || (scan.kind !== 'none' && ids(scan).join() !== ids(idx).join())) differing.push(w);
    }
    expect(differing).toEqual([]);
  });

  it('computes the pinyin initials when the index is built, not on the first all-letter word', () => {
    const index = buildNameIndex([['华东重工', 'HD'], ['苏州机床']]);
    expect(index.initials).toEqual([
      ['hd', 0],
      ['hdzg', 0],
      ['szjc', 1],
    ]);
    expect(candidatePositions(index, 'szj')).toContain(1);
  });

  it('on 100,000 names scores a few dozen per word and finds what the scan finds', () => {
    const cities = [
      '华东',
      '华南',
      '苏州',
      '无锡',
      '常州',
      '南通',
      '宁波',
      '温州',
      '金陵',
      '扬州',
      '徐州',
      '合肥',
      '芜湖',
      '杭州',
      '绍兴',
      '嘉兴',
      '湖州',
      '台州',
      '泰州',
      '镇江',
    ];
    const trades = [
      '重工',
      '精密',
      '机床',
      '电气',
      '化工',
      '纺织',
      '食品',
      '医药',
      '汽配',
      '建材',
      '钢构',
      '模具',
      '包装',
      '电子',
      '光伏',
      '环保',
      '物流',
      '仪表',
      '阀门',
      '轴承',
    ];
    const kinds = ['制造', '装备', '科技', '实业', '机械', '集团', '工业', '股份', '材料', '设备'];
    const names: string[] = [];
    for (let i = 0; names.length < 100_000; i++)
      names.push(`${cities[i % 20]}${trades[Math.floor(i / 20) % 20]}${kinds[Math.floor(i / 400) % 10]}${Math.floor(i / 4000)}号`);
    const all = names.map((n, id) => ({ item: { id }, names: [n] }));
    const index = buildNameIndex(all.map((c) => c.names));
    const target = 12_345;
    const name = names[target]!;
    const typo = `${name.slice(0, 3)}某${name.slice(4)}`;
    let compared = 0;
    for (const word of [name, typo, '苏州机床', 'szjc', '北京地铁', '苏州机床制造3号 昨天']) {
      const positions = candidatePositions(index, word);
      compared += positions.length;
      expect(positions.length).toBeLessThan(300);
    }
    // Comparisons (one scoreName per candidate name) for six words, against 600,000 for the scan.
    expect(compared).toBeLessThan(1_000);
    const found = resolve(
      name,
      candidatePositions(index, name).map((p) => all[p]!),
    );
    expect(found.kind === 'one' && found.match.item.id).toBe(target);
    // The scan, once, agrees on the typo (the expensive path the index replaces): the same matches.
    expect(ids(resolve(typo, viaIndex(all)(typo)))).toEqual(ids(resolve(typo, all)));
  });

  it('is used from INDEX_FROM customers on, and kept until a name changes', () => {
    const { services } = testServices();
    const make = (n: number, rename = '') =>
      Array.from(
        { length: n },
        (_, i) => ({ id: i + 1, name: i === 7 && rename ? rename : `客户${i + 1}号`, aliasesJson: '[]' }) as Customer,
      );
    expect(Array.isArray(customerSource(services, make(INDEX_FROM - 1), 'r'))).toBe(true);
    const src = customerSource(services, make(INDEX_FROM), 'r');
    expect(typeof src).toBe('function');
    const pick = (s: typeof src, w: string) => (typeof s === 'function' ? s(w) : s).map((c) => c.item.name);
    expect(pick(src, '客户8号')).toContain('客户8号');
    const renamed = customerSource(services, make(INDEX_FROM, '苏南重型装备'), 'r');
    expect(pick(renamed, '苏南重型装备')).toEqual(['苏南重型装备']);
  });
});

describe('an exact name on a list that shares a bigram', () => {
  it('is the only candidate, and resolves as a scan of the whole list does', () => {
    const names = Array.from({ length: 3_000 }, (_, i) => `客户${i + 1}`);
    const index = buildNameIndex(names.map((n) => [n]));
    const all: Candidate<string>[] = names.map((n) => ({ item: n, names: [n] }));
    for (const word of ['客户1', '客户150', '客户2999']) {
      expect(candidatePositions(index, word).map((p) => names[p])).toEqual([word]);
      const scan = resolve(word, all);
      expect(scan.kind).toBe('one');
      expect(resolve(word, viaIndex(all)(word))).toEqual(scan);
    }
    // A near miss still goes through the postings and finds the names the scan finds.
    expect(candidatePositions(index, '客户15x').length).toBeGreaterThan(1);
  });
});
