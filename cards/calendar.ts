import { type CardReply, card } from '../src/core/reply.js';
import type { LocalDate } from '../src/domain/dates.js';

// The notice that a year's holiday arrangement (放假调休安排) is not in the work calendar yet: to each
// manager and admin once, from 1 December (docs/operations.md "Working-day calendar").

const RECIPE =
  '安排发布后（通常在 11 月），请管理员把放假的工作日加入 config/calendar.json 的 daysOff、调休上班的周末加入 workdays，然后重启；步骤见 docs/operations.md「Working-day calendar」。';

/** One line for the Monday report. */
export function arrangementMissingLine(year: number): string {
  return `日历：${year} 年放假调休安排尚未录入，法定假日已按规则推算，调休上班的周末未计入；请管理员按 docs/operations.md 补录。`;
}

export function arrangementMissingCard(year: number, derivedOff: LocalDate[]): CardReply {
  const shown = derivedOff.map((d) => d.slice(5)).join('、');
  return card({
    title: `${year} 年放假安排尚未录入`,
    colour: 'orange',
    lines: [
      `作战室的工作日历里还没有 ${year} 年的国务院放假调休安排。`,
      `法定假日已按《全国年节及纪念日放假办法》推算，待办、提醒和周一晨会会避开这些工作日：${shown || '（无）'}。`,
      '调休上班的周末无法推算，录入之前按休息日处理：那几天不会安排待办，也不发提醒。',
    ],
    note: RECIPE,
  });
}
