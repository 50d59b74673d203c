import type { Logger } from '../log/logger.ts';
import type { ClubPostStore } from './club-post-store.ts';
import { MIN_CANDIDATES, POLL_HOURS, pollBody, pollCandidates, type CandidateSources } from './poll-candidates.ts';

export interface WeeklyPollContext {
  guildSettings: { weeklyPoll(guildId: string): boolean };
  votes: CandidateSources['votes'];
  club: { sessions: CandidateSources['sessions']; posts: Pick<ClubPostStore, 'add'> };
  log: Logger;
}

/** A weekly digest just planned, as the weekly poll needs it. */
export interface PlannedDigest {
  guildId: string;
  channelId: string;
  week: string;
  now: Date;
}

/**
 * Right after a server's weekly digest is recorded: when the server turned the weekly poll on and has two
 * candidates or more, records a poll of the week (48 hours) in the digest's channel, once per week. The
 * outbox drains the digest's ledger before the club's, so the poll follows the digest. A failure is logged
 * and leaves the digest alone.
 */
export function planWeeklyPoll(ctx: WeeklyPollContext, d: PlannedDigest): void {
  try {
    if (!ctx.guildSettings.weeklyPoll(d.guildId)) return;
    const candidates = pollCandidates({ votes: ctx.votes, sessions: ctx.club.sessions }, d.guildId, 'week', d.now);
    if (candidates.length < MIN_CANDIDATES) return;
    ctx.club.posts.add({
      key: `weekly-poll:${d.guildId}:${d.week}`,
      guildId: d.guildId,
      channelId: d.channelId,
      kind: 'poll',
      body: pollBody(candidates, 'week', POLL_HOURS, d.now),
    });
  } catch (err) {
    ctx.log.error({ err, guild: d.guildId, week: d.week }, 'planning a weekly poll failed');
  }
}
