import { cleanText } from '../../core/clean-text.js';
import { addDays, isValidDate, type LocalDate } from '../../domain/dates.js';
import { parseAmountToFen } from '../../domain/money.js';
import type { RawCell } from './workbook.js';

// Cell parsers of the import. Each returns a value or a zh-CN reason that names what to type.

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(reason: string): Parsed<T> => ({ ok: false, reason });

/** Header text compared without spaces and with half-width brackets, so （元） and (元) match. */
export function normHeader(h: string): string {
  return h.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')').toLowerCase();
}

export function textOf(v: RawCell): string | null {
  if (v === null) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  // Controls, escape sequences and bidi overrides never reach the database (src/core/clean-text.ts).
  const s = cleanText(String(v)).trim();
  return s === '' ? null : s;
}

const AMOUNT_HINT = '请填数字（元），或 4.2亿、350万、1,200 这样的写法';

/**
 * Money in 元 to 分. A number cell is 元 rounded to the 分; a text cell goes through
 * parseAmountToFen (so '4.2亿' is exactly 42000000000 分). Negative amounts are refused.
 */
export function parseAmountCell(v: RawCell): Parsed<number> {
  if (v === null) return bad('金额为空');
  if (v instanceof Date) return bad(`这是一个日期，不是金额；${AMOUNT_HINT}`);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return bad(`无法识别的金额；${AMOUNT_HINT}`);
    if (v < 0) return bad(`金额不能为负数（${v}）`);
    const fen = Math.round(v * 100);
    return Number.isSafeInteger(fen) ? ok(fen) : bad(`金额过大（${v}）`);
  }
  const s = v.replace(/^[¥￥]/, '').trim();
  if (/^[-－−]/.test(s)) return bad(`金额不能为负数（${v}）`);
  const fen = parseAmountToFen(s);
  return fen === null ? bad(`无法识别的金额「${v}」；${AMOUNT_HINT}`) : ok(fen);
}

const DATE_HINT = '请用 2026-11-20 或 2026/11/20 这样的写法';

/** A date cell (Excel date, Excel serial number, or text) as a local 'YYYY-MM-DD'. */
export function parseDateCell(v: RawCell): Parsed<LocalDate> {
  if (v === null) return bad('日期为空');
  // ExcelJS reads a date cell as a Date at UTC midnight of the day shown in Excel.
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? bad(`无法识别的日期；${DATE_HINT}`) : ok(v.toISOString().slice(0, 10));
  if (typeof v === 'number') {
    // Excel's serial day number (1900 system, with its phantom 29 Feb 1900): day 0 = 1899-12-30.
    if (Number.isInteger(v) && v > 0 && v < 2_958_466) return ok(addDays('1899-12-30', v));
    return bad(`无法识别的日期「${v}」；${DATE_HINT}`);
  }
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(v.trim());
  const d = m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : '';
  return isValidDate(d) ? ok(d) : bad(`无法识别的日期「${v}」；${DATE_HINT}`);
}
