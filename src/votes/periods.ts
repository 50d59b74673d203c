/** The periods `/paper top` and `/paper export` accept. */
export const PERIODS = ['today', 'week', 'month', 'year', 'all'] as const;
export type Period = (typeof PERIODS)[number];

export const isPeriod = (s: string): s is Period => (PERIODS as readonly string[]).includes(s);

const DAY_MS = 24 * 60 * 60 * 1000;
const ROLLING_DAYS: Record<Exclude<Period, 'today' | 'all'>, number> = { week: 7, month: 30, year: 365 };

/**
 * The earliest vote time (ISO 8601, UTC) a period counts, or null for `all`.
 *
 * - `today`: since the start of the current UTC day (votes carry UTC times; servers span time zones).
 * - `week`, `month`, `year`: rolling windows of the last 7, 30 and 365 days up to `now`, so a period
 *   never shrinks to almost nothing just after a calendar boundary.
 * - `all`: no limit.
 *
 * A period selects votes by when they were cast (`votes.voted_at`), not papers by when they were
 * published: "this week's top" is what the server upvoted this week, old papers included.
 */
export function periodStart(period: Period, now: Date): string | null {
  switch (period) {
    case 'all':
      return null;
    case 'today':
      return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())).toISOString();
    default:
      return new Date(now.getTime() - ROLLING_DAYS[period] * DAY_MS).toISOString();
  }
}
