import type { PollBody } from './club-bodies.ts';
import type { Paper } from '../papers/paper.ts';
import { periodStart } from '../votes/periods.ts';
import type { TopOptions } from '../votes/vote-queries.ts';

/** Discord's most answers in a poll. */
export const POLL_ANSWERS = 10;
/** A poll needs a choice. */
export const MIN_CANDIDATES = 2;
/** `/club poll`'s default duration, and the weekly poll's. */
export const POLL_HOURS = 48;

export type PollPeriod = 'week' | 'month';

export interface CandidateSources {
  votes: { top(guildId: string, opts: TopOptions): Array<{ paper: Paper; votes: number }> };
  sessions: { readPaperIds(guildId: string): Set<string> };
}

/**
 * A poll's candidates: the server's most upvoted papers of the period (votes cast in it, at least one), most
 * votes first (then HF upvotes, then id), leaving out papers read in a completed session; ten at most.
 * Asking `top` for ten more than the papers read is exact: at most that many of its rows are left out.
 */
export function pollCandidates(
  ctx: CandidateSources,
  guildId: string,
  period: PollPeriod,
  now: Date,
): Array<{ paper: Paper; votes: number }> {
  const read = ctx.sessions.readPaperIds(guildId);
  return ctx.votes
    .top(guildId, { since: periodStart(period, now), limit: POLL_ANSWERS + read.size, sort: 'votes', now })
    .filter((t) => t.votes > 0 && !read.has(t.paper.id))
    .slice(0, POLL_ANSWERS);
}

/** What a poll post records: the candidates in order (answer n is the n-th), and when Discord ends it. */
export function pollBody(
  candidates: ReadonlyArray<{ paper: Paper }>,
  period: PollPeriod,
  hours: number,
  now: Date,
): PollBody {
  return {
    paperIds: candidates.map((c) => c.paper.id),
    titles: candidates.map((c) => c.paper.title),
    hours,
    endsAt: new Date(now.getTime() + hours * 3_600_000).toISOString(),
    period,
  };
}
