import { immediate } from '../db/immediate.ts';
import type { BotContext } from './context.ts';

export const LEFT_SERVER = 'the bot left the server';

/**
 * The bot was removed from a server (kicked, banned, or the server deleted): nothing more is sent there.
 * Unsent posts, weekly digests, thread intros, the reading club's posts and follow notifications stop at once
 * (their channels would only answer 403; the outbox reads each row again right before sending it, so only a send
 * already in flight can still go, and nothing follows from it), as do pending edits of vote counts. Its open
 * reading sessions are cancelled and its open polls decided with no winner (nothing more is read of them), its
 * members' follows are removed, its subscriptions are disabled with the reason and its weekly digest turned off.
 * History stays: papers that went out are never posted there again if the bot is invited back and the channels
 * subscribed again.
 */
export function leaveServer(
  ctx: Pick<
    BotContext,
    | 'db'
    | 'deliveries'
    | 'weekly'
    | 'intros'
    | 'club'
    | 'follows'
    | 'subscriptions'
    | 'guildSettings'
    | 'voteRefresher'
    | 'log'
  >,
  guildId: string,
): void {
  const stopped = immediate(ctx.db, () => {
    const posts = ctx.deliveries.stopGuild(guildId, LEFT_SERVER);
    const digests = ctx.weekly.stopGuild(guildId, LEFT_SERVER);
    const intros = ctx.intros.stopGuild(guildId, LEFT_SERVER);
    const clubPosts = ctx.club.posts.stopGuild(guildId, LEFT_SERVER);
    const sessions = ctx.club.sessions.cancelGuild(guildId);
    const polls = ctx.club.polls.decideGuild(guildId);
    const followMessages = ctx.follows.messages.stopGuild(guildId, LEFT_SERVER);
    const follows = ctx.follows.store.removeGuild(guildId);
    ctx.subscriptions.disableGuild(guildId, LEFT_SERVER);
    ctx.guildSettings.weeklyOff(guildId);
    return { posts, digests, intros, clubPosts, sessions, polls, followMessages, follows };
  })();
  ctx.voteRefresher.forgetGuild(guildId);
  ctx.log.info({ guild: guildId, ...stopped }, 'removed from a server: its posts are stopped');
}
