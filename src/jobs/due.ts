import cron from 'node-cron';
import type { Config } from '../config.js';
import type { WorkCalendar } from '../domain/calendar.js';
import { addDays, isoWeek, type LocalDate, localDateOf, weekStart } from '../domain/dates.js';
import type { Job } from './types.js';

// When each job is due in its period, from the configured cron expression and the work calendar.
// The cron task is only a wake-up call; this decides. A weekly job is due on the first working day
// on or after its configured weekday within the ISO week (a holiday Monday moves the report to the
// week's first working day), at the expression's time. A week with no such working day (a 春节
// week) has no run.

/** A catch-up run this long after the due moment is marked late. */
export const LATE_AFTER_MS = 10 * 60_000;

/** The expression with its weekday field widened to every day: weekly jobs wake daily and check. */
export function dailyExpression(expr: string): string {
  const f = expr.trim().split(/\s+/);
  f[f.length - 1] = '*';
  return f.join(' ');
}

export interface DueMoment {
  period: string;
  /** null when the job has no run in this period. */
  dueAt: Date | null;
}

/** The calendar is the team's (services.calendar): a day off in CALENDAR_FILE moves weekly jobs too. */
export function dueMoment(job: Job, config: Config, now: Date, calendar: WorkCalendar): DueMoment {
  const tz = config.TEAM_TIMEZONE;
  const today = localDateOf(now, tz);
  const p = cron.parse(job.schedule(config));
  const [hour, minute] = [p.hour[0] ?? 0, p.minute[0] ?? 0];
  if (job.period === 'day') return { period: today, dueAt: zonedTime(today, hour, minute, tz) };
  const weekday = Math.min(...p.dayOfWeek.map((d) => (Number(d) === 0 ? 7 : Number(d))));
  const day = dueDay(weekStart(today), weekday, calendar);
  return { period: isoWeek(today), dueAt: day ? zonedTime(day, hour, minute, tz) : null };
}

function dueDay(monday: LocalDate, weekday: number, calendar: WorkCalendar): LocalDate | null {
  for (let d = weekday; d <= 7; d++) {
    const day = addDays(monday, d - 1);
    if (calendar.isWorkingDay(day)) return day;
  }
  return null;
}

// A late run posts into chats people read: not in the night. It waits for the job's own time of
// day (the daily wake-up) and stops at 21:00; the daily prune has no such limit.
const QUIET_FROM_MINUTES = 21 * 60;

/** Whether a late (catch-up) run may go out now. */
export function inSendingHours(now: Date, dueAt: Date, tz: string): boolean {
  const m = localMinutes(now, tz);
  return m >= localMinutes(dueAt, tz) && m < QUIET_FROM_MINUTES;
}

function localMinutes(instant: Date, tz: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', hour: '2-digit', minute: '2-digit' }).formatToParts(
    instant,
  );
  const g = (t: string) => Number(parts.find((x) => x.type === t)?.value ?? 0);
  return g('hour') * 60 + g('minute');
}

/** The instant of a wall-clock time on a local date in a time zone. */
export function zonedTime(date: LocalDate, hour: number, minute: number, tz: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, hour, minute);
  // Two passes settle the offset even when the first guess lands across a DST change.
  const first = wall - offsetMs(new Date(wall), tz);
  return new Date(wall - offsetMs(new Date(first), tz));
}

function offsetMs(instant: Date, tz: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const g = (t: string) => Number(parts.find((x) => x.type === t)?.value ?? 0);
  const asUtc = Date.UTC(g('year'), g('month') - 1, g('day'), g('hour'), g('minute'), g('second'));
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}
