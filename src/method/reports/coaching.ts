import type { Member } from '../../db/repos/members.repo.js';
import type { CoachingItem } from '../../db/repos/one-tap.repo.js';
import { addDays, weekStart } from '../../domain/dates.js';
import { nextWorkingDays } from '../../domain/item-moves.js';
import type { Services } from '../../services.js';

// The warning's 「安排辅导」 (issue 15 item 3): a dated coaching session on the manager's own list,
// once per rep and warning week; /我的 and the Thursday reminder show it to the manager.

/** Dated buttons offered: the next working days of the team calendar. */
export const COACHING_CHOICES = 5;

export function coachingDates(services: Services): string[] {
  return nextWorkingDays(services.today(), COACHING_CHOICES, (d) => services.calendar.isWorkingDay(d));
}

/** Adds the session unless the rep already has one for that week; `created` says which. */
export function scheduleCoaching(services: Services, manager: Member, rep: Member, week: string, date: string) {
  return services.db.transaction(() =>
    services.repos.oneTap.addCoaching({ managerId: manager.id, repId: rep.id, week, dueDate: date, at: services.clock.now().getTime() }),
  );
}

/** A manager's sessions due this week, with the rep's name. */
export function coachingThisWeek(services: Services, managerId: number, day = services.today()): Array<{ dueDate: string; rep: string }> {
  const monday = weekStart(day);
  return services.repos.oneTap
    .coachingOfManager(managerId, monday, addDays(monday, 6))
    .map((c: CoachingItem) => ({ dueDate: c.dueDate, rep: services.repos.members.byId(c.repId)?.name ?? `销售 #${c.repId}` }));
}
