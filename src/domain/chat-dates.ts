import { addDays, isoWeekday, isValidDate, type LocalDate } from './dates.js';

// Dates as reps type them in chat. A future date is refused: a log records what happened.

export type DateParse =
  | { kind: 'date'; date: LocalDate }
  | { kind: 'future'; date: LocalDate }
  | { kind: 'invalid'; text: string }
  | { kind: 'not_a_date' };

const RELATIVE: Record<string, number> = { 今天: 0, 今日: 0, 昨天: 1, 昨日: 1, 前天: 2 };
const WEEKDAYS = '一二三四五六日';

export function parseChatDate(token: string, today: LocalDate): DateParse {
  const t = token.trim();
  if (t in RELATIVE) return { kind: 'date', date: addDays(today, -RELATIVE[t]!) };
  const wd = /^(?:周|星期|礼拜)([一二三四五六日天])$/.exec(t);
  if (wd) {
    const target = wd[1] === '天' ? 7 : WEEKDAYS.indexOf(wd[1]!) + 1;
    // The most recent such day that is not in the future (today counts).
    const back = (isoWeekday(today) - target + 7) % 7;
    return { kind: 'date', date: addDays(today, -back) };
  }
  const full = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(t);
  const short = /^(\d{1,2})[-/.](\d{1,2})$/.exec(t) ?? /^(\d{1,2})月(\d{1,2})[日号]?$/.exec(t);
  if (!full && !short) return /^\d/.test(t) ? { kind: 'invalid', text: t } : { kind: 'not_a_date' };
  const [y, m, d] = full ? [full[1]!, full[2]!, full[3]!] : [today.slice(0, 4), short![1]!, short![2]!];
  const date = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  if (!isValidDate(date)) return { kind: 'invalid', text: t };
  return date > today ? { kind: 'future', date } : { kind: 'date', date };
}
