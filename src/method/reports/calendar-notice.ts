import { arrangementMissingCard } from '../../../cards/calendar.js';
import type { WorkCalendar } from '../../domain/calendar.js';
import type { LocalDate } from '../../domain/dates.js';
import { derivedDaysOff } from '../../domain/statutory-days.js';
import type { Services } from '../../services.js';
import { memberDm } from '../delivery/recipients.js';
import type { OutMessage } from '../delivery/types.js';

// Which year's holiday arrangement is missing from the work calendar, and the notice about it. The
// 调休 weekends cannot be derived (statutory-days.ts), so people must be told to add them: from
// 1 December about next year, and all year long about the current one while it is still missing.

export function missingArrangementYear(calendar: WorkCalendar, today: LocalDate): number | null {
  const year = Number(today.slice(0, 4));
  if (!calendar.arrangementKnown(year)) return year;
  if (today.slice(5, 7) === '12' && !calendar.arrangementKnown(year + 1)) return year + 1;
  return null;
}

/** Key of the notice to one person about one year: once, whatever the platform. */
export const calendarNoticeKey = (memberId: number, year: number) => `calendar-notice:${memberId}:${year}`;

/** A DM to every manager and admin known on a configured platform. */
export function calendarNoticeMessages(services: Services, year: number): OutMessage[] {
  const reply = arrangementMissingCard(year, [...derivedDaysOff(year)].sort());
  return services.repos.members
    .all()
    .filter((m) => m.role === 'manager' || m.role === 'admin')
    .flatMap((m) => {
      const dm = memberDm(services, m.id);
      return dm ? [{ key: calendarNoticeKey(m.id, year), platform: dm.platform, target: dm.target, reply }] : [];
    });
}
