import { aliasesOf, type Customer } from '../../db/repos/customers.repo.js';
import { DATE_WORDS_HINT, parseChatDate } from '../../domain/chat-dates.js';
import type { LocalDate } from '../../domain/dates.js';
import { type Candidate, type Match, type Resolution, rank, resolve } from '../../domain/fuzzy.js';
import type { ActionDef } from '../../domain/packs.js';

// Turns the words after /log into an action, a customer, a date and a note. Action and customer
// may come in either order; the orientation whose two matches score higher wins.

export type LogParse =
  | {
      kind: 'ok';
      action: Resolution<ActionDef>;
      customer: Resolution<Customer>;
      actionWord: string;
      customerWord: string;
      date: LocalDate;
      note: string | null;
    }
  /** One word: an action without a customer, or a customer without an action. */
  | { kind: 'single'; word: string; action: Resolution<ActionDef>; customer: Resolution<Customer> }
  | { kind: 'usage' }
  | { kind: 'bad_date'; message: string };

/** English names of the default actions, one word each (chat splits on spaces); the code is accepted too. */
const ENGLISH: Record<string, string[]> = {
  onsite_revisit: ['revisit'],
  tech_qa: ['qa'],
  trial_upgrade: ['trial'],
  exec_visit: ['exec-visit'],
  competitor_report: ['competitor'],
  joint_case: ['case-study'],
  satisfaction_survey: ['survey'],
  annual_review: ['review'],
  holiday_care: ['care'],
  churn_interview: ['interview'],
  improvement_proposal: ['proposal'],
  tech_support: ['support'],
  ordinary_visit: ['visit'],
  phone_call: ['call'],
  demo: ['demo'],
  decision_chain: ['decision-chain'],
};

export function actionCandidates(actions: ActionDef[]): Candidate<ActionDef>[] {
  return actions.map((a) => ({ item: a, names: [a.name, ...a.aliases, a.code, a.code.replace(/_/g, '-'), ...(ENGLISH[a.code] ?? [])] }));
}

export function customerCandidates(customers: Customer[]): Candidate<Customer>[] {
  return customers.map((c) => ({ item: c, names: [c.name, ...aliasesOf(c)] }));
}

const best = <T>(m: Match<T>[]) => m[0]?.score ?? 0;

/** The pool itself, or (a large region) a function giving the candidates worth scoring for a word: customer-index.ts. */
export type CustomerCandidates = Candidate<Customer>[] | ((word: string) => Candidate<Customer>[]);

export function resolveLogArgs(args: string[], actions: Candidate<ActionDef>[], pool: CustomerCandidates, today: LocalDate): LogParse {
  const customers = (word: string) => (typeof pool === 'function' ? pool(word) : pool);
  if (args.length === 0) return { kind: 'usage' };
  if (args.length === 1)
    return { kind: 'single', word: args[0]!, action: resolve(args[0]!, actions), customer: resolve(args[0]!, customers(args[0]!)) };
  const [a, b, ...rest] = args as [string, string, ...string[]];
  const straight = best(rank(a, actions)) + best(rank(b, customers(b)));
  const swapped = best(rank(b, actions)) + best(rank(a, customers(a)));
  const [actionWord, customerWord] = swapped > straight ? [b, a] : [a, b];
  let date = today;
  let noteWords = rest;
  if (rest[0] !== undefined) {
    const d = parseChatDate(rest[0], today);
    if (d.kind === 'future')
      return {
        kind: 'bad_date',
        message: `「${rest[0]}」是 ${d.date}，还没到，不能记录未来的动作。请写实际发生的日期：${DATE_WORDS_HINT}。`,
      };
    if (d.kind === 'invalid') return { kind: 'bad_date', message: `看不懂日期「${d.text}」，没有记录。可以写 ${DATE_WORDS_HINT}。` };
    if (d.kind === 'date') {
      date = d.date;
      noteWords = rest.slice(1);
    }
  }
  return {
    kind: 'ok',
    actionWord,
    customerWord,
    date,
    action: resolve(actionWord, actions),
    customer: resolve(customerWord, customers(customerWord)),
    note: noteWords.length ? noteWords.join(' ') : null,
  };
}
