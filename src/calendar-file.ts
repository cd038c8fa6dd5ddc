import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Config } from './config.js';
import { createWorkCalendar, type WorkCalendar } from './domain/calendar.js';
import { isValidDate } from './domain/dates.js';

// The team's working-day overrides (docs/operations.md "Working-day calendar"): days off and 调休 workdays that
// chinese-days does not know (a year it lacks, a plant's own shutdown). One calendar per process,
// built here and kept on services, so plans, reminders and reports agree on what a working day is.

export const DEFAULT_CALENDAR_FILE = 'config/calendar.json';

const day = z.string().refine(isValidDate, 'must be a date written YYYY-MM-DD');
export const calendarFileSchema = z
  .object({
    daysOff: z.array(day).default([]),
    workdays: z.array(day).default([]),
    /** Years whose whole arrangement is in the lists, for a year without 调休 weekends (docs/operations.md). */
    years: z.array(z.number().int().min(2000).max(2100)).default([]),
  })
  .strict();

export class CalendarFileError extends Error {}

/** Reads CALENDAR_FILE (required to exist when set) or the default file (optional). */
export function loadCalendar(config: Pick<Config, 'CALENDAR_FILE'>): WorkCalendar {
  const path = config.CALENDAR_FILE ?? DEFAULT_CALENDAR_FILE;
  if (!existsSync(path)) {
    if (config.CALENDAR_FILE) throw new CalendarFileError(`CALENDAR_FILE: ${path} does not exist`);
    return createWorkCalendar();
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new CalendarFileError(`${path}: not valid JSON (${(err as Error).message})`);
  }
  const parsed = calendarFileSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${path}: ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new CalendarFileError(`Invalid calendar file, fix these fields:\n${lines.join('\n')}`);
  }
  return createWorkCalendar({ extraDaysOff: parsed.data.daysOff, extraWorkdays: parsed.data.workdays, arrangedYears: parsed.data.years });
}
