import { Routes, type APIMessage, type APIThreadChannel, type REST } from 'discord.js';
import type { Logger } from '../log/logger.ts';
import { arxivLinks } from '../papers/arxiv-id.ts';
import type { Paper } from '../papers/paper.ts';
import type { PaperStore } from '../papers/paper-store.ts';
import type { SubscriptionStore } from '../subscriptions/subscription-store.ts';
import type { DeliveryStore, Post } from './delivery-store.ts';
import { classifySendError } from './discord-errors.ts';
import { renderPost, threadName } from './render-post.ts';

export interface SendContext {
  rest: REST;
  deliveries: DeliveryStore;
  papers: PaperStore;
  subscriptions: SubscriptionStore;
  log: Logger;
  now: () => Date;
  voteCount: (guildId: string, paperId: string) => number;
  botUserId: () => string;
  /** Tells the server's log channel about a failure (once per key). */
  notify?: (guildId: string, key: string, text: string) => Promise<void>;
}

/** Discord only deduplicates a nonce for a few minutes; past that, look for the message instead. */
const NONCE_WINDOW_MS = 2 * 60_000;
const MAX_ATTEMPTS = 6;
const THREAD_ALREADY_CREATED = 160004;

const channelLocks = new WeakMap<DeliveryStore, Map<string, Promise<void>>>();

/**
 * Sends a channel's pending posts in order, one at a time; calls for the same channel queue behind each
 * other so two triggers can never send the same post twice.
 */
export function sendPending(ctx: SendContext, channelId: string): Promise<void> {
  let locks = channelLocks.get(ctx.deliveries);
  if (!locks) channelLocks.set(ctx.deliveries, (locks = new Map()));
  const previous = locks.get(channelId) ?? Promise.resolve();
  const run = previous.then(() => drainChannel(ctx, channelId));
  const tail = run.catch(() => undefined);
  locks.set(channelId, tail);
  void tail.then(() => {
    if (locks.get(channelId) === tail) locks.delete(channelId);
  });
  return run;
}

async function drainChannel(ctx: SendContext, channelId: string): Promise<void> {
  for (const post of ctx.deliveries.missingThreads(channelId)) await openThread(ctx, post);
  for (const post of ctx.deliveries.pending(channelId)) {
    if (post.attempts > 0 && !retryDue(post, ctx.now())) return;
    const ok = await sendPost(ctx, post);
    if (!ok) return; // keep order: later posts wait for this one
  }
}

function retryDue(post: Post, now: Date): boolean {
  if (!post.attemptedAt) return true;
  // Resumed right after a crash: the same nonce is safe. Repeated failures back off: 1, 2, 4… minutes.
  const waited = now.getTime() - Date.parse(post.attemptedAt);
  return post.attempts <= 1 || waited >= 60_000 * 2 ** Math.min(post.attempts - 2, 6);
}

async function sendPost(ctx: SendContext, post: Post): Promise<boolean> {
  const papers = post.paperIds.map((id) => ctx.papers.get(id)).filter((p): p is Paper => p !== null);
  try {
    const recovered = post.attemptedAt && ctx.now().getTime() - Date.parse(post.attemptedAt) > NONCE_WINDOW_MS
      ? await findSentMessage(ctx, post, papers)
      : null;
    let messageId = recovered;
    if (!messageId) {
      ctx.deliveries.markAttempt(post.id);
      const body = renderPost({ ...post, papers, votes: (id) => ctx.voteCount(post.guildId, id) });
      const message = (await ctx.rest.post(Routes.channelMessages(post.channelId), {
        body: { ...body, nonce: post.nonce, enforce_nonce: true },
      })) as APIMessage;
      messageId = message.id;
    }
    ctx.deliveries.markSent(post.id, messageId);
    ctx.subscriptions.markDelivered(post.channelId);
    if (post.wantThread) await openThread(ctx, { ...post, messageId });
    return true;
  } catch (err) {
    const failure = classifySendError(err);
    ctx.log.warn({ channel: post.channelId, post: post.id, reason: failure.reason }, 'could not post to a channel');
    if (failure.kind !== 'unknown' || post.attempts + 1 >= MAX_ATTEMPTS) {
      await ctx.notify?.(post.guildId, `post-failed:${post.channelId}:${post.day}`, `Could not post the Daily Papers for ${post.day} in <#${post.channelId}>: ${failure.reason}.`);
    }
    if (failure.kind === 'gone') {
      ctx.deliveries.failPendingInChannel(post.channelId, failure.reason);
      ctx.subscriptions.disable(post.channelId, failure.reason);
    } else if (failure.kind === 'refused') {
      ctx.deliveries.markRefused(post.id, post.channelId, failure.reason);
      ctx.subscriptions.markError(post.channelId, failure.reason);
    } else {
      ctx.subscriptions.markError(post.channelId, failure.reason);
      if (post.attempts + 1 >= MAX_ATTEMPTS) ctx.deliveries.markFailed(post.id, `${failure.reason} (gave up)`);
    }
    return false;
  }
}

/** After a long outage the nonce has expired: a message we sent just before crashing is found by its paper link. */
async function findSentMessage(ctx: SendContext, post: Post, papers: Paper[]): Promise<string | null> {
  const recent = (await ctx.rest.get(Routes.channelMessages(post.channelId), {
    query: new URLSearchParams({ limit: '50' }),
  })) as APIMessage[];
  const url = papers[0] ? arxivLinks(papers[0].id).hf : null;
  const mine = recent.filter((m) => m.author.id === ctx.botUserId());
  const found = mine.find((m) =>
    post.kind === 'note' ? m.content.includes(`for ${post.day}`) : url !== null && m.embeds[0]?.url === url,
  );
  return found?.id ?? null;
}

async function openThread(ctx: SendContext, post: Post): Promise<void> {
  const paper = post.paperIds[0] ? ctx.papers.get(post.paperIds[0]) : null;
  if (!paper || !post.messageId) return;
  let threadId: string | null = null;
  try {
    const thread = (await ctx.rest.post(Routes.threads(post.channelId, post.messageId), {
      body: { name: threadName(paper), auto_archive_duration: 1440 },
    })) as APIThreadChannel;
    threadId = thread.id;
  } catch (err) {
    if ((err as { code?: unknown }).code === THREAD_ALREADY_CREATED) {
      const message = (await ctx.rest.get(Routes.channelMessage(post.channelId, post.messageId))) as APIMessage;
      threadId = message.thread?.id ?? null;
    } else {
      const failure = classifySendError(err);
      ctx.log.warn({ channel: post.channelId, post: post.id, reason: failure.reason }, 'could not open a discussion thread');
      ctx.subscriptions.markError(post.channelId, `thread: ${failure.reason}`);
      // Without a thread the post is still fine; don't try again on every tick.
      ctx.deliveries.markThread(post.id, '');
      return;
    }
  }
  if (threadId) {
    ctx.deliveries.markThread(post.id, threadId);
    ctx.deliveries.saveThread(post.channelId, paper.id, threadId);
  }
}
