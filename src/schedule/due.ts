import type { Subscription } from '../subscriptions/subscription.ts';
import { addDays, localTime, zonedInstant } from './zoned-time.ts';

type Timing = Pick<Subscription, 'minutes' | 'timezone' | 'lastRunDay'>;

/**
 * Due when the local clock has passed the subscription's time today and today's run has not happened.
 * Checked every minute, this one rule gives the scheduled run, catch-up after downtime, a run on the
 * day a spring-forward change skips its time, and a single run on the day an autumn change repeats it.
 */
export function isDue(sub: Timing, now: Date): boolean {
  const local = localTime(now, sub.timezone);
  return local.minutes >= sub.minutes && (sub.lastRunDay === null || sub.lastRunDay < local.day);
}

/** The local day whose list a run at `now` delivers. */
export const runDay = (sub: Pick<Subscription, 'timezone'>, now: Date): string => localTime(now, sub.timezone).day;

/** When the subscription next runs: now when due, else its time today or tomorrow. */
export function nextRun(sub: Timing, now: Date): Date {
  if (isDue(sub, now)) return now;
  const local = localTime(now, sub.timezone);
  const day = local.minutes < sub.minutes && sub.lastRunDay !== local.day ? local.day : addDays(local.day, 1);
  return zonedInstant(day, sub.minutes, sub.timezone);
}

/**
 * The `lastRunDay` a new or changed subscription starts with: when its time has already passed today it
 * counts as run, so it first posts at its next time rather than at once (`/papers post-now` is for that).
 */
export function startingLastRunDay(
  sub: Pick<Subscription, 'minutes' | 'timezone'>,
  previous: string | null,
  now: Date,
): string | null {
  const local = localTime(now, sub.timezone);
  if (previous !== null && previous >= local.day) return previous;
  return local.minutes >= sub.minutes ? local.day : previous;
}
