import type { APIMessage, RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import type { Database } from 'better-sqlite3';
import type { ThreadMessageStore } from '../discussion/thread-message-store.ts';
import type { Logger } from '../log/logger.ts';
import { immediate } from '../db/immediate.ts';
import type { Ledger } from '../outbox/outbox.ts';
import type { Paper } from '../papers/paper.ts';
import type { PaperStore } from '../papers/paper-store.ts';
import type { GuildSettingsStore, WeeklySettings } from '../settings/guild-settings-store.ts';
import type { VoteStore } from '../votes/vote-store.ts';
import { weeklyDue } from './weekly-due.ts';
import type { WeeklyPost, WeeklyStore } from './weekly-store.ts';

const TOP = 10;
const WEEK_MS = 7 * 86_400_000;
/** The digest's "Most discussed" line names the papers with the most messages, ties included, up to this many. */
const MOST_DISCUSSED = 3;

/** What a weekly digest shows. */
export interface WeeklyContent {
  week: string;
  papers: readonly Paper[];
  votes: (paperId: string) => number;
  /** The week's most discussed paper(s), with their members' messages in the papers' threads; empty: none. */
  discussed: readonly { paper: Paper; messages: number }[];
}

/** How the digest looks: owned by the Discord adapter, handed in by the app. */
export interface WeeklyLayout {
  render(content: WeeklyContent): RESTPostAPIChannelMessageJSONBody;
  isRenderingOf(week: string, message: APIMessage): boolean;
}

export interface WeeklyContext {
  db: Database;
  weekly: WeeklyStore;
  guildSettings: GuildSettingsStore;
  votes: VoteStore;
  papers: PaperStore;
  now: () => Date;
  log: Logger;
}

/**
 * Records the digests whose time has come, each week at most once per server; the outbox sends them.
 * Returns the channels with a new digest. One server's failure is logged and skips only that server.
 */
export function planWeeklyDigests(ctx: WeeklyContext, afterDigest?: AfterDigest): string[] {
  const now = ctx.now();
  const channels: string[] = [];
  for (const s of ctx.guildSettings.weeklyEnabled()) {
    try {
      if (planWeekly(ctx, s, now, afterDigest)) channels.push(s.channelId);
    } catch (err) {
      ctx.log.error({ err, guild: s.guildId, channel: s.channelId }, 'planning a weekly digest failed');
    }
  }
  return channels;
}

/**
 * Called in the transaction that records a server's digest, once per digest (the app adds the reading club's
 * weekly poll there). It must not throw.
 */
export type AfterDigest = (digest: { guildId: string; channelId: string; week: string; now: Date }) => void;

function planWeekly(ctx: WeeklyContext, s: WeeklySettings, now: Date, afterDigest?: AfterDigest): boolean {
  const week = weeklyDue(s, now);
  if (!week) return false;
  const since = new Date(now.getTime() - WEEK_MS).toISOString();
  const top = ctx.votes.top(s.guildId, { since, limit: TOP, sort: 'votes', now });
  return immediate(ctx.db, () => {
    ctx.guildSettings.markWeek(s.guildId, week);
    // A week already recorded stays as it is (the digest was moved to later in a week it went out).
    const recorded =
      top.length > 0 &&
      ctx.weekly.record(
        s.guildId,
        week,
        s.channelId,
        top.map((t) => t.paper.id),
      );
    if (recorded) afterDigest?.({ guildId: s.guildId, channelId: s.channelId, week, now });
    return recorded;
  })();
}

export interface WeeklyLedgerContext {
  weekly: WeeklyStore;
  votes: VoteStore;
  papers: PaperStore;
  threadMessages: Pick<ThreadMessageStore, 'top'>;
  layout: WeeklyLayout;
  notify: (guildId: string, key: string, text: string) => Promise<void>;
}

/** The weekly digests, as the outbox sees them. */
export function weeklyLedger(ctx: WeeklyLedgerContext): Ledger<WeeklyPost> {
  return {
    name: 'weekly digests',
    channelsWithWork: () => ctx.weekly.channelsWithPending(),
    guildOf: (channelId) => ctx.weekly.guildOf(channelId),
    pending: (channelId) => ctx.weekly.pending(channelId),
    render(post) {
      const papers = post.paperIds.map((id) => ctx.papers.get(id)).filter((p): p is Paper => p !== null);
      const counts = ctx.votes.counts(post.guildId, post.paperIds);
      const discussed = mostDiscussed(ctx, post);
      return ctx.layout.render({ week: post.week, papers, votes: (id) => counts.get(id) ?? 0, discussed });
    },
    isMessageOf: (post, message) => ctx.layout.isRenderingOf(post.week, message),
    markAttempt: (post) => ctx.weekly.markAttempt(post),
    markSent: (post, messageId) => ctx.weekly.markSent(post, messageId),
    async markFailed(post, failure, gaveUp) {
      if (!gaveUp) return;
      ctx.weekly.markFailed(post, failure.reason);
      await ctx.notify(
        post.guildId,
        `weekly-failed:${post.week}`,
        `Could not post the weekly digest for ${post.week} in <#${post.channelId}>: ${failure.reason}.`,
      );
    },
  };
}

/** The papers most discussed in the 7 days before the digest was planned: the highest count, ties included. */
function mostDiscussed(ctx: WeeklyLedgerContext, post: WeeklyPost): WeeklyContent['discussed'] {
  const until = new Date(post.createdAt);
  const since = new Date(until.getTime() - WEEK_MS).toISOString();
  const top = ctx.threadMessages.top(post.guildId, { since, until: until.toISOString(), limit: MOST_DISCUSSED });
  const most = top[0]?.messages ?? 0;
  return top
    .filter((d) => d.messages === most)
    .map((d) => ({ paper: ctx.papers.get(d.paperId), messages: d.messages }))
    .filter((d): d is { paper: Paper; messages: number } => d.paper !== null);
}
