import { EmbedBuilder, Routes, type APIMessage, type REST } from 'discord.js';
import { classifySendError } from '../delivery/discord-errors.ts';
import { LIMITS } from '../discord/limits.ts';
import { truncate } from '../format/text.ts';
import type { Logger } from '../log/logger.ts';
import { arxivLinks } from '../papers/arxiv-id.ts';
import type { Paper } from '../papers/paper.ts';
import type { PaperStore } from '../papers/paper-store.ts';
import type { VoteStore } from '../votes/vote-store.ts';
import { weeklyDue } from './weekly-due.ts';
import type { WeeklyPost, WeeklyStore } from './weekly-store.ts';

export interface WeeklyContext {
  rest: REST;
  weekly: WeeklyStore;
  votes: VoteStore;
  papers: PaperStore;
  log: Logger;
  now: () => Date;
  botUserId: () => string;
  notify: (guildId: string, key: string, text: string) => Promise<void>;
}

const TOP = 10;
const WEEK_MS = 7 * 86_400_000;
const NONCE_WINDOW_MS = 2 * 60_000;
const MAX_ATTEMPTS = 6;

export function renderWeekly(week: string, papers: readonly Paper[], votes: (id: string) => number) {
  const lines = papers.map(
    (p, i) => `**${i + 1}.** [${truncate(p.title, 120).replace(/[[\]]/g, '')}](${arxivLinks(p.id).hf}) · ▲ ${votes(p.id)} here · ${p.hfUpvotes} on HF`,
  );
  const embed = new EmbedBuilder()
    .setColor(0xffd21e)
    .setTitle('This week’s most upvoted papers')
    .setDescription(truncate(lines.join('\n'), LIMITS.embedDescription))
    .setFooter({ text: `Week ${week} · by this server's votes` });
  return { embeds: [embed.toJSON()], allowed_mentions: { parse: [] } };
}

/** Plans the digests whose time has come (each week at most once per server), then sends what is pending. */
export async function runWeeklyDigests(ctx: WeeklyContext): Promise<void> {
  const now = ctx.now();
  for (const s of ctx.weekly.enabled()) {
    const week = weeklyDue(s, now);
    if (!week) continue;
    const since = new Date(now.getTime() - WEEK_MS).toISOString();
    const top = ctx.votes.top(s.guildId, { since, limit: TOP, sort: 'votes', now });
    ctx.weekly.plan(s.guildId, week, s.channelId, top.map((t) => t.paper.id));
  }
  for (const post of ctx.weekly.pending()) await sendWeekly(ctx, post);
}

async function sendWeekly(ctx: WeeklyContext, post: WeeklyPost): Promise<void> {
  try {
    const expired = post.attemptedAt && ctx.now().getTime() - Date.parse(post.attemptedAt) > NONCE_WINDOW_MS;
    const found = expired ? await findSent(ctx, post) : null;
    if (found) return ctx.weekly.markSent(post, found);
    ctx.weekly.markAttempt(post);
    const papers = post.paperIds.map((id) => ctx.papers.get(id)).filter((p): p is Paper => p !== null);
    const counts = ctx.votes.counts(post.guildId, post.paperIds);
    const body = { ...renderWeekly(post.week, papers, (id) => counts.get(id) ?? 0), nonce: post.nonce, enforce_nonce: true };
    const message = (await ctx.rest.post(Routes.channelMessages(post.channelId), { body })) as APIMessage;
    ctx.weekly.markSent(post, message.id);
  } catch (err) {
    const failure = classifySendError(err);
    ctx.log.warn({ guild: post.guildId, week: post.week, reason: failure.reason }, 'could not post the weekly digest');
    if (failure.kind !== 'unknown' || post.attempts + 1 >= MAX_ATTEMPTS) {
      ctx.weekly.markFailed(post, failure.reason);
      await ctx.notify(post.guildId, `weekly-failed:${post.week}`, `Could not post the weekly digest for ${post.week} in <#${post.channelId}>: ${failure.reason}.`);
    }
  }
}

/** After a long outage Discord has forgotten the nonce: the digest may already be in the channel. */
async function findSent(ctx: WeeklyContext, post: WeeklyPost): Promise<string | null> {
  const recent = (await ctx.rest.get(Routes.channelMessages(post.channelId), { query: new URLSearchParams({ limit: '50' }) })) as APIMessage[];
  const mine = recent.find((m) => m.author.id === ctx.botUserId() && m.embeds[0]?.footer?.text.startsWith(`Week ${post.week} `));
  return mine?.id ?? null;
}
