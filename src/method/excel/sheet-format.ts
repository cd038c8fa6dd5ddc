import type ExcelJS from 'exceljs';
import type { Cell, ColumnKind, Fill, Table } from './workbook.js';

// How a table looks in Excel: number formats by column kind, a frozen header, an autofilter,
// widths that fit the content, coloured cells and the template's drop-downs.

const NUM_FMT: Record<ColumnKind, string | undefined> = {
  text: undefined,
  int: '#,##0',
  yuan: '#,##0.00',
  percent: '0%',
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm',
};

/** Light fills that keep black text readable; the hues of the dashboard's red, yellow and green. */
export const FILL_ARGB: Record<Fill, string> = { red: 'FFFCA5A5', yellow: 'FFFDE68A', green: 'FF86EFAC' };

/** Drop-downs cover this many rows below the header (an empty template has no rows yet). */
const LIST_ROWS = 500;

/** The cell as Excel should hold it. A date is written as UTC midnight, which Excel shows as that day. */
export function xlsxValue(kind: ColumnKind | undefined, c: Cell): ExcelJS.CellValue {
  if (c === null) return null;
  if (kind === 'yuan' && typeof c === 'number') return c / 100;
  if (kind === 'date' && typeof c === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(c)) return new Date(`${c}T00:00:00Z`);
  if (kind === 'datetime' && typeof c === 'string' && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(c))
    return new Date(`${c.replace(' ', 'T')}:00Z`);
  return c;
}

/** Display width of a value: a CJK character takes two columns. */
function displayWidth(c: Cell, kind: ColumnKind | undefined): number {
  if (c === null) return 0;
  if (kind === 'yuan' && typeof c === 'number') return (c / 100).toLocaleString('en-US', { minimumFractionDigits: 2 }).length;
  if (kind === 'date') return 10;
  if (kind === 'datetime') return 16;
  let w = 0;
  for (const ch of String(c)) w += /[\u2e80-\uffff]/.test(ch) ? 2 : 1;
  return w;
}

/** Widest of the header and the first 200 rows, with a margin, between 6 and 50. */
function fitWidth(t: Table, col: number): number {
  const kind = t.kinds?.[col];
  let w = displayWidth(t.headers[col] ?? '', undefined);
  for (const r of t.rows.slice(0, 200)) w = Math.max(w, displayWidth(r[col] ?? null, kind));
  return Math.min(50, Math.max(6, w + 2));
}

function listValidation(list: readonly string[]): ExcelJS.DataValidation {
  return {
    type: 'list',
    allowBlank: true,
    formulae: [`"${list.join(',')}"`],
    showErrorMessage: true,
    // A warning, not a stop: the importer also takes the short forms (成长, 收款…) and says what is wrong.
    errorStyle: 'warning',
    errorTitle: '不在下拉列表中',
    error: `请从下拉列表中选择：${list.join('、')}`,
  };
}

/** Column number to letters: 1 -> A, 27 -> AA. */
function letters(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** ExcelJS has worksheet.dataValidations (lib/doc/data-validations.js) but its typings omit it. */
type WithValidations = ExcelJS.Worksheet & { dataValidations: { add(address: string, dv: ExcelJS.DataValidation): void } };

function colourCells(ws: ExcelJS.Worksheet, fills: NonNullable<Table['fills']>): void {
  fills.forEach((row, r) => {
    row.forEach((f, c) => {
      if (f) ws.getCell(r + 2, c + 1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FILL_ARGB[f] } };
    });
  });
}

export function formatSheet(ws: ExcelJS.Worksheet, t: Table): void {
  const n = t.headers.length;
  ws.views = [{ state: 'frozen', ySplit: 1, xSplit: t.freezeColumns ?? 0 }];
  if (n > 0) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, t.rows.length + 1), column: n } };
  for (let i = 0; i < n; i++) {
    const col = ws.getColumn(i + 1);
    col.width = t.widths?.[i] ?? fitWidth(t, i);
    const fmt = NUM_FMT[t.kinds?.[i] ?? 'text'];
    if (fmt) for (let r = 2; r <= t.rows.length + 1; r++) ws.getCell(r, i + 1).numFmt = fmt;
    const list = t.lists?.[i];
    if (list) {
      const dv = listValidation(list);
      // By address, not ws.getCell(): 500 empty cells would otherwise be created in every list column.
      for (let r = 2; r <= Math.max(LIST_ROWS, t.rows.length) + 1; r++)
        (ws as WithValidations).dataValidations.add(`${letters(i + 1)}${r}`, dv);
    }
  }
  if (t.fills) colourCells(ws, t.fills);
  for (let r = 0; r < (t.examples ?? 0); r++) ws.getRow(r + 2).font = { italic: true, color: { argb: 'FF808080' } };
}
