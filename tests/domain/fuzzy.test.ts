import { describe, expect, it } from 'vitest';
import { editDistance, pinyinInitials, resolve, scoreName } from '../../src/domain/fuzzy.js';

const customers = [
  { item: '华东重工', names: ['华东重工', '重工'] },
  { item: '华东精密机械', names: ['华东精密机械'] },
  { item: '金陵机床', names: ['金陵机床', '金陵'] },
  { item: '苏南重型装备', names: ['苏南重型装备', '苏南重装'] },
];

describe('fuzzy matching', () => {
  it('edit distance counts characters, not bytes', () => {
    expect(editDistance('华东重工', '华东重工')).toBe(0);
    expect(editDistance('华东重工', '华冬重工')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('finds an exact name or alias as one clear match', () => {
    const r = resolve('华东重工', customers);
    expect(r.kind).toBe('one');
    expect(r.kind === 'one' && r.match.item).toBe('华东重工');
    const a = resolve('金陵', customers);
    expect(a.kind === 'one' && a.match.item).toBe('金陵机床');
  });

  it('tolerates a typo by edit distance', () => {
    const r = resolve('华冬重工', customers);
    expect(r.kind === 'one' && r.match.item).toBe('华东重工');
  });

  it('matches pinyin initials', () => {
    expect(pinyinInitials('华东重工')).toBe('hdzg');
    const r = resolve('hdzg', customers);
    expect(r.kind === 'one' && r.match.item).toBe('华东重工');
  });

  it('reports ambiguity when two names fit about equally', () => {
    const r = resolve('华东', customers);
    expect(r.kind).toBe('ambiguous');
    if (r.kind === 'ambiguous') expect(r.matches.map((m) => m.item)).toEqual(expect.arrayContaining(['华东重工', '华东精密机械']));
  });

  it('says none and offers the closest names for an unknown word', () => {
    const r = resolve('北京地铁', customers);
    expect(r.kind).toBe('none');
  });

  it('scores exact above substring above unrelated', () => {
    expect(scoreName('华东重工', '华东重工')).toBeGreaterThan(scoreName('重工', '华东重工'));
    expect(scoreName('重工', '华东重工')).toBeGreaterThan(scoreName('机床', '华东重工'));
  });
});
