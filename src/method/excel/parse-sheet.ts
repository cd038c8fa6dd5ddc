import { normHeader, type Parsed, textOf } from './cells.js';
import type { SheetDef } from './sheets.js';
import { EXAMPLE_MARK } from './template.js';
import type { Problem } from './types.js';
import type { RawCell, RawRow, RawSheet } from './workbook.js';

// Finding a sheet and its columns by their Chinese headers, and reading a row's cells by column
// key with every problem recorded against the right header (parse.ts reads the rows).

export interface Located<K extends string> {
  def: SheetDef<K>;
  sheet: RawSheet;
  cols: Map<K, number>;
}

function findSheet(raw: RawSheet[], def: SheetDef): RawSheet | null {
  const names = [def.name, ...def.aliases].map(normHeader);
  return raw.find((s) => names.includes(normHeader(s.name))) ?? null;
}

/** An example or comment row: its first cell starts with # (the template's rule, template.ts). */
function isExample(row: RawRow): boolean {
  const first = row.cells.get(Math.min(...row.cells.keys()));
  return typeof first === 'string' && (first.startsWith(EXAMPLE_MARK) || first.startsWith('＃'));
}

export function locate<K extends string>(raw: RawSheet[], def: SheetDef<K>, problems: Problem[]): Located<K> | null {
  const found = findSheet(raw, def);
  if (!found) return null;
  const sheet = { ...found, rows: found.rows.filter((r) => !isExample(r)) };
  const cols = new Map<K, number>();
  for (const c of def.columns) {
    const names = [c.header, ...(c.aliases ?? [])].map(normHeader);
    const col = [...sheet.headers].find(([, h]) => names.includes(normHeader(h)))?.[0];
    if (col !== undefined) cols.set(c.key, col);
    else if (c.required)
      problems.push({ sheet: sheet.name, row: 1, column: c.header, reason: `缺少必填列「${c.header}」（第 1 行是表头）` });
  }
  return { def, sheet, cols };
}

/** Reads one row's cells by column key and records problems against the right header. */
export function rowReader<K extends string>(loc: Located<K>, row: RawRow, problems: Problem[]) {
  const header = (k: K) => loc.def.columns.find((c) => c.key === k)!.header;
  const raw = (k: K): RawCell => {
    const col = loc.cols.get(k);
    return col === undefined ? null : (row.cells.get(col) ?? null);
  };
  const fail = (k: K, reason: string) => {
    problems.push({ sheet: loc.sheet.name, row: row.row, column: header(k), reason });
  };
  const text = (k: K, required = false): string | null => {
    const v = textOf(raw(k));
    if (v === null && required) fail(k, `${header(k)}为空`);
    return v;
  };
  const parsed = <T>(k: K, fn: (v: RawCell) => Parsed<T>, required = false): T | null => {
    const v = raw(k);
    if (v === null) {
      if (required) fail(k, `${header(k)}为空`);
      return null;
    }
    const r = fn(v);
    if (!r.ok) {
      fail(k, r.reason);
      return null;
    }
    return r.value;
  };
  const word = <T>(k: K, fn: (w: string) => T | null, hint: string, required = false): T | null => {
    const v = text(k, required);
    if (v === null) return null;
    const r = fn(v);
    if (r === null) fail(k, `无法识别的${header(k)}「${v}」：${hint}`);
    return r;
  };
  return { text, parsed, word, fail };
}

/** Marks the second and later rows with the same key as duplicates. */
export function dedupe<T extends { row: number }>(
  rows: T[],
  key: (r: T) => string | null,
  sheet: string,
  column: string,
  what: string,
  problems: Problem[],
): void {
  const seen = new Map<string, number>();
  for (const r of rows) {
    const k = key(r);
    if (k === null) continue;
    const first = seen.get(k);
    if (first !== undefined)
      problems.push({ sheet, row: r.row, column, reason: `重复的${what}「${k.split('\u0000')[0]}」（第 ${first} 行已有）` });
    else seen.set(k, r.row);
  }
}
