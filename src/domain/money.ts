// Money is integer 分 everywhere; these helpers only format and parse for people.

/** Formats 分 as 元/万/亿 for a chat reply, e.g. 420000000_00 -> '4.2亿'. */
export function formatFen(fen: number): string {
  const yuan = fen / 100;
  const abs = Math.abs(yuan);
  const trim = (n: number, digits: number) => String(Number(n.toFixed(digits)));
  if (abs >= 1e8) return `${trim(yuan / 1e8, 2)}亿`;
  if (abs >= 1e4) return `${trim(yuan / 1e4, 1)}万`;
  return `${trim(yuan, 2)}元`;
}

/**
 * Parses an amount typed by a person into 分: '4.2亿', '42000万', '420000000', '3.5万元', '1,200元'.
 * Returns null when the text is not an amount (so the caller can say what to type instead).
 */
export function parseAmountToFen(text: string): number | null {
  const m = /^([0-9][0-9,]*(?:\.[0-9]+)?)\s*(亿|万|千)?\s*(元)?$/.exec(text.trim());
  if (!m) return null;
  const num = m[1]!.replace(/,/g, '');
  const unit = m[2] === '亿' ? 8 : m[2] === '万' ? 4 : m[2] === '千' ? 3 : 0;
  // Decimal-string arithmetic so that 4.2亿 is exactly 42000000000 分, not 41999999999.99.
  const [intPart, frac = ''] = num.split('.') as [string, string?];
  const shift = unit + 2;
  if (frac.length > shift) return null;
  const digits = intPart + frac.padEnd(shift, '0');
  const value = Number(BigInt(digits));
  return Number.isSafeInteger(value) ? value : null;
}
