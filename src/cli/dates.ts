import { isCalendarDay } from '../format/days.ts';

export { eachDay, utcDay } from '../format/days.ts';

export class UsageError extends Error {
  override name = 'UsageError';
}

/** Validates a calendar day written YYYY-MM-DD for a command-line flag. */
export function parseDay(value: string, flag: string): string {
  if (!isCalendarDay(value)) throw new UsageError(`${flag} expects a date as YYYY-MM-DD, got ${JSON.stringify(value)}`);
  return value;
}
