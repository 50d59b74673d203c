import type { APIMessage, RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import type { Database } from 'better-sqlite3';
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

/** What a weekly digest shows. */
export interface WeeklyContent {
  week: string;
  papers: readonly Paper[];
  votes: (paperId: string) => number;
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
export function planWeeklyDigests(ctx: WeeklyContext): string[] {
  const now = ctx.now();
  const channels: string[] = [];
  for (const s of ctx.guildSettings.weeklyEnabled()) {
    try {
      if (planWeekly(ctx, s, now)) channels.push(s.channelId);
    } catch (err) {
      ctx.log.error({ err, guild: s.guildId, channel: s.channelId }, 'planning a weekly digest failed');
    }
  }
  return channels;
}

function planWeekly(ctx: WeeklyContext, s: WeeklySettings, now: Date): boolean {
  const week = weeklyDue(s, now);
  if (!week) return false;
  const since = new Date(now.getTime() - WEEK_MS).toISOString();
  const top = ctx.votes.top(s.guildId, { since, limit: TOP, sort: 'votes', now });
  return immediate(ctx.db, () => {
    ctx.guildSettings.markWeek(s.guildId, week);
    // A week already recorded stays as it is (the digest was moved to later in a week it went out).
    return (
      top.length > 0 &&
      ctx.weekly.record(
        s.guildId,
        week,
        s.channelId,
        top.map((t) => t.paper.id),
      )
    );
  })();
}

export interface WeeklyLedgerContext {
  weekly: WeeklyStore;
  votes: VoteStore;
  papers: PaperStore;
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
      return ctx.layout.render({ week: post.week, papers, votes: (id) => counts.get(id) ?? 0 });
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
