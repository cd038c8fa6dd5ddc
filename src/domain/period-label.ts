// A due item's period key (plan-windows.ts: 2026-W47, 2026-11, 2026-Q4, 2026-H2, 2026, each optionally /n
// for the n-th of several in the period) as a rep reads it. Keys stay codes in storage and exports; cards
// say 「第47周」「11月」. Quarters stay Q4: that is how the team says it.

const PART = /^(.*)\/(\d+)$/;

export function periodLabel(period: string): string {
  const part = PART.exec(period);
  if (part) return `${periodLabel(part[1]!)}第${part[2]}次`;
  const week = /^\d{4}-W(\d{2})$/.exec(period);
  if (week) return `第${Number(week[1])}周`;
  const month = /^\d{4}-(\d{2})$/.exec(period);
  if (month) return `${Number(month[1])}月`;
  const quarter = /^\d{4}-(Q[1-4])$/.exec(period);
  if (quarter) return quarter[1]!;
  const half = /^\d{4}-H([12])$/.exec(period);
  if (half) return half[1] === '1' ? '上半年' : '下半年';
  if (/^\d{4}$/.test(period)) return `${period}年`;
  return period;
}
