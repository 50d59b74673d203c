import { localTime } from '../schedule/zoned-time.ts';
import { isoWeek } from '../schedule/iso-week.ts';
import type { WeeklySettings } from '../settings/guild-settings-store.ts';

// Monday-first positions, matching ISO weeks: a digest set for Friday that was missed (the bot was down)
// still goes out on Saturday or Sunday of that week, never twice.
const position = (weekday: number) => (weekday + 6) % 7;

function localWeekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

/** The ISO week whose digest is due now, or null. */
export function weeklyDue(
  s: Pick<WeeklySettings, 'weekday' | 'minutes' | 'timezone' | 'lastWeek'>,
  now: Date,
): string | null {
  const local = localTime(now, s.timezone);
  const week = isoWeek(local.day);
  if (s.lastWeek === week) return null;
  const today = position(localWeekday(local.day));
  const target = position(s.weekday);
  return today > target || (today === target && local.minutes >= s.minutes) ? week : null;
}

/** Like a new daily subscription: set up after this week's time has passed, the first digest is next week's. */
export function weeklyStartingLastWeek(
  s: Pick<WeeklySettings, 'weekday' | 'minutes' | 'timezone'>,
  now: Date,
): string | null {
  return weeklyDue({ ...s, lastWeek: null }, now);
}
