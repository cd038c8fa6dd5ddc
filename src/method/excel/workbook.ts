import { writeFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { formatSheet, xlsxValue } from './sheet-format.js';

// Reading and writing sheets as tables; nothing here knows what a member or an order is. A column
// may say its kind, so that the .xlsx holds numbers and dates a manager can sum, sort and filter
// (money arrives as integer 分 and leaves as 元: docs/architecture.md "Conventions").

export type Cell = string | number | null;

/**
 * text: as given. int: a count. yuan: integer 分 in, 元 out (#,##0.00). percent: a ratio (0.85),
 * shown 85%. date: 'YYYY-MM-DD'. datetime: 'YYYY-MM-DD HH:MM', local time as written.
 */
export type ColumnKind = 'text' | 'int' | 'yuan' | 'percent' | 'date' | 'datetime';
export type Fill = 'red' | 'yellow' | 'green';

export interface Column {
  header: string;
  kind?: ColumnKind;
  width?: number;
  /** A closed list: the template offers it as a drop-down. */
  list?: readonly string[];
}

export interface Table {
  name: string;
  headers: string[];
  /** Per column; a column without a kind is written as given. */
  kinds?: Array<ColumnKind | undefined>;
  widths?: Array<number | undefined>;
  lists?: Array<readonly string[] | undefined>;
  rows: Cell[][];
  /** Background colours, by row then column (the board's and the heat map's). */
  fills?: Array<Array<Fill | null>>;
  /** The first rows are examples (the template): shown grey and italic. */
  examples?: number;
  /** Columns kept in view when scrolling right (the names of a reps × weeks grid). */
  freezeColumns?: number;
}

/** A table from typed columns. */
export function table(
  name: string,
  columns: Column[],
  rows: Cell[][],
  more: Pick<Table, 'fills' | 'examples' | 'freezeColumns'> = {},
): Table {
  return {
    name,
    headers: columns.map((c) => c.header),
    kinds: columns.map((c) => c.kind),
    widths: columns.map((c) => c.width),
    lists: columns.map((c) => c.list),
    rows,
    ...more,
  };
}

export type RawCell = string | number | Date | null;

export interface RawRow {
  /** 1-based row number as Excel shows it. */
  row: number;
  /** By column number (1-based). */
  cells: Map<number, RawCell>;
}

export interface RawSheet {
  name: string;
  /** Header text by column number, from row 1. */
  headers: Map<number, string>;
  rows: RawRow[];
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function toXlsx(tables: Table[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '作战室 Warroom';
  for (const t of tables) {
    const ws = wb.addWorksheet(t.name);
    ws.addRow(t.headers).font = { bold: true };
    for (const r of t.rows) ws.addRow(r.map((c, i) => xlsxValue(t.kinds?.[i], c)));
    formatSheet(ws, t);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A CSV value: plain numbers (元, ratios), dates as ISO text. */
function csvValue(kind: ColumnKind | undefined, c: Cell): Cell {
  return kind === 'yuan' && typeof c === 'number' ? c / 100 : c;
}

function csvField(c: Cell): string {
  if (c === null) return '';
  let s = String(c);
  // A text cell starting with = + - @, tab or CR can run as a formula when a spreadsheet opens the
  // CSV: prefixed with ' (OWASP "CSV Injection"). Numbers are written as numbers.
  if (typeof c === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV with a UTF-8 byte-order mark, which is what makes Excel show Chinese correctly. */
export function toCsv(t: Table): string {
  const rows = t.rows.map((r) => r.map((c, i) => csvValue(t.kinds?.[i], c)));
  const lines = [t.headers, ...rows].map((r) => r.map(csvField).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/**
 * Writes .xlsx, or CSV when the name ends in .csv. CSV holds one sheet: with several, each goes
 * to `<name>-<sheet>.csv`. Returns the paths written.
 */
export async function writeTables(file: string, tables: Table[]): Promise<string[]> {
  if (!file.toLowerCase().endsWith('.csv')) {
    await writeFile(file, await toXlsx(tables));
    return [file];
  }
  if (tables.length === 1) {
    await writeFile(file, toCsv(tables[0]!), 'utf8');
    return [file];
  }
  const stem = file.slice(0, -4);
  const out: string[] = [];
  for (const t of tables) {
    const path = `${stem}-${t.name}.csv`;
    await writeFile(path, toCsv(t), 'utf8');
    out.push(path);
  }
  return out;
}

function normalise(v: ExcelJS.CellValue): RawCell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || v instanceof Date) return v;
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
  if (typeof v === 'boolean') return String(v);
  if ('richText' in v) return normalise(v.richText.map((r) => r.text).join(''));
  if ('formula' in v || 'sharedFormula' in v) return normalise((v as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ('text' in v) return normalise((v as ExcelJS.CellHyperlinkValue).text);
  if ('error' in v) return String(v.error);
  return null;
}

/** Reads every sheet; throws when the bytes are not an .xlsx workbook. */
export async function readXlsx(buf: Buffer): Promise<RawSheet[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb.worksheets.map((ws) => {
    const headers = new Map<number, string>();
    ws.getRow(1).eachCell((cell, col) => {
      const h = normalise(cell.value);
      if (h !== null) headers.set(col, String(h).replace(/\s+/g, ''));
    });
    const rows: RawRow[] = [];
    ws.eachRow((row, n) => {
      if (n === 1) return;
      const cells = new Map<number, RawCell>();
      row.eachCell((cell, col) => {
        const v = normalise(cell.value);
        if (v !== null) cells.set(col, v);
      });
      if (cells.size > 0) rows.push({ row: n, cells });
    });
    return { name: ws.name.trim(), headers, rows };
  });
}
