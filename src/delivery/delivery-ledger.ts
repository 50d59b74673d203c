import type { APIMessage, RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import type { Ledger } from '../outbox/outbox.ts';
import type { SendFailure } from '../outbox/send-error.ts';
import type { Paper } from '../papers/paper.ts';
import type { PaperStore } from '../papers/paper-store.ts';
import type { SubscriptionStore } from '../subscriptions/subscription-store.ts';
import type { DeliveryStore, Post } from './delivery-store.ts';

/** What a daily post shows: its papers, and the server's vote count for each. */
export interface PostContent {
  post: Post;
  papers: readonly Paper[];
  votes: (paperId: string) => number;
}

/** How posts look: owned by the Discord adapter, handed in by the app. */
export interface PostLayout {
  render(content: PostContent): RESTPostAPIChannelMessageJSONBody;
  isRenderingOf(content: PostContent, message: APIMessage): boolean;
}

export interface DeliveryLedgerContext {
  deliveries: DeliveryStore;
  papers: PaperStore;
  subscriptions: SubscriptionStore;
  layout: PostLayout;
  voteCount: (guildId: string, paperId: string) => number;
  /** Opens the discussion thread of a sent post that asked for one. */
  openThread: (post: Post) => Promise<void>;
  /** Tells the server's log channel about a failure (once per key). */
  notify: (guildId: string, key: string, text: string) => Promise<void>;
}

/** The daily posts and late arrivals, as the outbox sees them. */
export function deliveryLedger(ctx: DeliveryLedgerContext): Ledger<Post> {
  const content = (post: Post): PostContent => ({
    post,
    papers: post.paperIds.map((id) => ctx.papers.get(id)).filter((p): p is Paper => p !== null),
    votes: (id) => ctx.voteCount(post.guildId, id),
  });
  return {
    name: 'daily posts',
    channelsWithWork: () => ctx.deliveries.channelsWithUnfinishedPosts(),
    guildOf: (channelId) => ctx.deliveries.guildOf(channelId),
    async resumeFollowUps(channelId) {
      for (const post of ctx.deliveries.missingThreads(channelId)) await ctx.openThread(post);
    },
    pending: (channelId) => ctx.deliveries.pending(channelId),
    render: (post) => ctx.layout.render(content(post)),
    isMessageOf: (post, message) => ctx.layout.isRenderingOf(content(post), message),
    markAttempt: (post) => ctx.deliveries.markAttempt(post.id),
    async markSent(post, messageId, stopped) {
      ctx.deliveries.markSent(post.id, messageId, stopped);
      ctx.subscriptions.markDelivered(post.channelId);
      if (post.wantThread && !stopped) await ctx.openThread({ ...post, messageId });
    },
    async markFailed(post: Post, failure: SendFailure, gaveUp: boolean) {
      if (gaveUp) {
        await ctx.notify(
          post.guildId,
          `post-failed:${post.channelId}:${post.day}`,
          `Could not post the Daily Papers for ${post.day} in <#${post.channelId}>: ${failure.reason}.`,
        );
      }
      if (failure.kind === 'gone') {
        ctx.deliveries.failPendingInChannel(post.channelId, failure.reason);
        ctx.subscriptions.disable(post.channelId, failure.reason);
      } else if (failure.kind === 'refused') {
        ctx.deliveries.markRefused(post.id, post.channelId, failure.reason);
        ctx.subscriptions.markError(post.channelId, failure.reason);
      } else {
        ctx.subscriptions.markError(post.channelId, failure.reason);
        if (gaveUp) ctx.deliveries.markFailed(post.id, `${failure.reason} (gave up)`);
      }
    },
  };
}
