import { parseChatDate } from '../../domain/chat-dates.js';
import type { LocalDate } from '../../domain/dates.js';
import { rank, resolve, type Candidate, type Match, type Resolution } from '../../domain/fuzzy.js';
import type { ActionDef } from '../../domain/packs.js';
import { aliasesOf, type Customer } from '../../db/repos/customers.repo.js';

// Turns the words after /log into an action, a customer, a date and a note. Action and customer
// may come in either order; the orientation whose two matches score higher wins.

export type LogParse =
  | { kind: 'ok'; action: Resolution<ActionDef>; customer: Resolution<Customer>; actionWord: string; customerWord: string; date: LocalDate; note: string | null }
  | { kind: 'usage' }
  | { kind: 'bad_date'; message: string };

export function actionCandidates(actions: ActionDef[]): Candidate<ActionDef>[] {
  return actions.map((a) => ({ item: a, names: [a.name, ...a.aliases] }));
}

export function customerCandidates(customers: Customer[]): Candidate<Customer>[] {
  return customers.map((c) => ({ item: c, names: [c.name, ...aliasesOf(c)] }));
}

const best = <T>(m: Match<T>[]) => m[0]?.score ?? 0;

export function resolveLogArgs(
  args: string[], actions: Candidate<ActionDef>[], customers: Candidate<Customer>[], today: LocalDate,
  earliest: LocalDate = '2000-01-01',
): LogParse {
  if (args.length < 2) return { kind: 'usage' };
  const [a, b, ...rest] = args as [string, string, ...string[]];
  const straight = best(rank(a, actions)) + best(rank(b, customers));
  const swapped = best(rank(b, actions)) + best(rank(a, customers));
  const [actionWord, customerWord] = swapped > straight ? [b, a] : [a, b];
  let date = today;
  let noteWords = rest;
  if (rest[0] !== undefined) {
    const d = parseChatDate(rest[0], today);
    if (d.kind === 'future') return { kind: 'bad_date', message: `${d.date} 还没到，不能记录未来的动作。请写实际发生的日期，例如 今天、昨天、周一 或 ${today.slice(5)}。` };
    if (d.kind === 'invalid') return { kind: 'bad_date', message: `「${d.text}」不是有效的日期。可以写 今天、昨天、前天、周一…周日、11-20 或 2026-11-20。` };
    // Before the team's data starts (DATA_START_DATE) is a typing mistake, not a visit.
    if (d.kind === 'date' && d.date < earliest) return { kind: 'bad_date', message: `${d.date} 太早了：只能记录 ${earliest} 以后的动作。请写实际发生的日期，例如 今天、昨天 或 ${today.slice(5)}。` };
    if (d.kind === 'date') {
      date = d.date;
      noteWords = rest.slice(1);
    }
  }
  return {
    kind: 'ok', actionWord, customerWord, date,
    action: resolve(actionWord, actions),
    customer: resolve(customerWord, customers),
    note: noteWords.length ? noteWords.join(' ') : null,
  };
}
