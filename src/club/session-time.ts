import { isCalendarDay } from '../format/days.ts';
import { isValidTimeZone, parseClock, zonedInstant, localTime } from '../schedule/zoned-time.ts';

/** Discord schedules events up to a year ahead. */
export const MAX_AHEAD_MS = 365 * 24 * 60 * 60 * 1000;
export const MIN_DURATION = 1;
export const MAX_DURATION = 24 * 60;
/** Minutes, when none is given. */
export const DEFAULT_DURATION = 60;

export type WhenResult = { ok: true; start: Date } | { ok: false; problem: string };

/**
 * The start of a session typed as `YYYY-MM-DD HH:MM` in `timeZone`: in the future and at most a year ahead.
 * A time skipped by a clock change resolves to just after it.
 */
export function parseWhen(text: string, timeZone: string, now: Date): WhenResult {
  if (!isValidTimeZone(timeZone)) {
    return {
      ok: false,
      problem: `I don't know the time zone "${timeZone}": pick one from the list, such as Europe/Berlin.`,
    };
  }
  const m = /^\s*(\d{4})-(\d{2})-(\d{2})[ T]+(\d{1,2}:\d{2})\s*$/.exec(text);
  const minutes = m ? parseClock(m[4]!) : null;
  const day = m ? `${m[1]}-${m[2]}-${m[3]}` : '';
  if (!m || minutes === null || !isCalendarDay(day)) {
    return { ok: false, problem: `Write the time as YYYY-MM-DD HH:MM, such as ${example(now, timeZone)}.` };
  }
  const start = zonedInstant(day, minutes, timeZone);
  if (start.getTime() <= now.getTime()) return { ok: false, problem: 'That time has passed: pick one in the future.' };
  if (start.getTime() - now.getTime() > MAX_AHEAD_MS) {
    return { ok: false, problem: 'That is more than a year ahead: Discord events can be scheduled up to a year out.' };
  }
  return { ok: true, start };
}

/** Tomorrow at 18:00 in the zone, as an example of the format. */
function example(now: Date, timeZone: string): string {
  const tomorrow = localTime(new Date(now.getTime() + 86_400_000), timeZone);
  return `${tomorrow.day} 18:00`;
}
