import { addDays, isoWeekday, isValidDate, type LocalDate, weekStart } from './dates.js';

// Dates as reps type them in chat. A future date is refused: a log records what happened. A word
// that looks like a date but is not one we read is refused too, never kept as the note: a rep who
// typed 「大大前天」 or 「上个月」 must not get a log dated today.

export type DateParse =
  | { kind: 'date'; date: LocalDate }
  | { kind: 'future'; date: LocalDate }
  | { kind: 'invalid'; text: string }
  | { kind: 'not_a_date' };

/** Days back; negative values are days ahead. */
const RELATIVE: Record<string, number> = {
  今天: 0,
  今日: 0,
  昨天: 1,
  昨日: 1,
  前天: 2,
  大前天: 3,
  明天: -1,
  明日: -1,
  后天: -2,
  大后天: -3,
};
const WEEKDAYS = '一二三四五六日';
const WEEKDAY = /^(上|下|本|这)?(?:周|星期|礼拜)([一二三四五六日天])$/;
/** Words that name a time without being a date we read: refused rather than taken for a note. */
const DATE_LIKE =
  /^(?:\d|[上下本这今明昨前后去]+个?(?:天|日|周|星期|礼拜|月|年)[一二三四五六日天末初底]?$|(?:周|星期|礼拜)\S?$|\S{0,3}[天日号]前$)/;

const dated = (date: LocalDate, today: LocalDate): DateParse => (date > today ? { kind: 'future', date } : { kind: 'date', date });

function weekdayWord(prefix: string | undefined, day: string, today: LocalDate): DateParse {
  const target = day === '天' ? 7 : WEEKDAYS.indexOf(day) + 1;
  if (prefix === '上') return { kind: 'date', date: addDays(weekStart(today), target - 8) };
  if (prefix === '下') return { kind: 'future', date: addDays(weekStart(today), target + 6) };
  if (prefix) return dated(addDays(weekStart(today), target - 1), today); // 本周X / 这周X
  // 周X alone: the most recent such day that is not in the future (today counts).
  return { kind: 'date', date: addDays(today, -((isoWeekday(today) - target + 7) % 7)) };
}

export function parseChatDate(token: string, today: LocalDate): DateParse {
  const t = token.trim();
  if (t in RELATIVE) return dated(addDays(today, -RELATIVE[t]!), today);
  const wd = WEEKDAY.exec(t);
  if (wd) return weekdayWord(wd[1], wd[2]!, today);
  const full = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(t) ?? /^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?$/.exec(t);
  const short = /^(\d{1,2})[-/.](\d{1,2})$/.exec(t) ?? /^(\d{1,2})月(\d{1,2})[日号]?$/.exec(t);
  if (!full && !short) return DATE_LIKE.test(t) ? { kind: 'invalid', text: t } : { kind: 'not_a_date' };
  const [y, m, d] = full ? [full[1]!, full[2]!, full[3]!] : [today.slice(0, 4), short![1]!, short![2]!];
  const date = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  if (!isValidDate(date)) return { kind: 'invalid', text: t };
  return dated(date, today);
}

/** What a rep may type, for refusals. */
export const DATE_WORDS_HINT = '今天、昨天、前天、周一…周日、上周三、11-20、11月20日 或 2026-11-20';
