import {
  ChannelType,
  DiscordAPIError,
  RESTJSONErrorCodes,
  Routes,
  type APIMessage,
  type APIThreadChannel,
  type REST,
} from 'discord.js';
import type { DeliveryStore, Post } from '../delivery/delivery-store.ts';
import type { ThreadIntroStore } from '../delivery/thread-intro-store.ts';
import type { Logger } from '../log/logger.ts';
import { classifySendError } from '../outbox/send-error.ts';
import type { PaperStore } from '../papers/paper-store.ts';
import type { SubscriptionStore } from '../subscriptions/subscription-store.ts';
import { threadName } from './post-layout.ts';
import { UserError } from './user-error.ts';

const THREAD_ALREADY_CREATED = 160004;

export interface ThreadsContext {
  rest: REST;
  deliveries: DeliveryStore;
  papers: PaperStore;
  subscriptions: SubscriptionStore;
  /** The first message of each thread the bot opens, recorded before the thread is saved. */
  intros: ThreadIntroStore;
  /** A thread was opened on a paper (its intro is recorded): send the intro, fetch the paper's full text. */
  opened: (threadId: string, paperId: string) => void;
  log: Logger;
}

export type Threads = ReturnType<typeof createThreads>;

/** Discussion threads: on a daily post that asked for one, and on a member's first Discuss. */
export function createThreads(ctx: ThreadsContext) {
  // Members clicking Discuss at the same moment share one creation.
  const opening = new Map<string, Promise<string>>();

  async function onMessage(channelId: string, messageId: string, name: string): Promise<string> {
    try {
      const thread = (await ctx.rest.post(Routes.threads(channelId, messageId), {
        body: { name, auto_archive_duration: 1440 },
      })) as APIThreadChannel;
      return thread.id;
    } catch (err) {
      if ((err as { code?: unknown }).code !== THREAD_ALREADY_CREATED) throw err;
      const message = (await ctx.rest.get(Routes.channelMessage(channelId, messageId))) as APIMessage;
      if (!message.thread) throw err;
      return message.thread.id;
    }
  }

  /**
   * Records a thread just opened on a paper, the same way from a daily post and from Discuss: its intro first,
   * so a crash before the thread is saved opens it again and finds the intro already recorded; then the thread
   * (and its post's, when the post has none yet), then the intro goes out and the full text is fetched.
   */
  function record(threadId: string, at: { channelId: string; guildId: string; paperId: string }, post: number | null) {
    ctx.intros.add(threadId, at.guildId, at.paperId);
    if (post !== null) ctx.deliveries.markThread(post, threadId);
    ctx.deliveries.saveThread(at.channelId, at.paperId, threadId);
    ctx.opened(threadId, at.paperId);
  }

  async function create(channelId: string, paperId: string, guildId: string, announcement: boolean): Promise<string> {
    const paper = ctx.papers.get(paperId);
    if (!paper) throw new UserError('That paper is no longer stored.');
    const post = ctx.deliveries.postOfPaper(channelId, paperId);
    let threadId: string;
    try {
      if (post?.kind === 'paper' && post.messageId) {
        threadId = await onMessage(channelId, post.messageId, threadName(paper));
      } else {
        const thread = (await ctx.rest.post(Routes.threads(channelId), {
          body: {
            name: threadName(paper),
            // Discord makes a thread without a message in an announcement channel an announcement thread.
            type: announcement ? ChannelType.AnnouncementThread : ChannelType.PublicThread,
            auto_archive_duration: 1440,
          },
        })) as APIThreadChannel;
        // Its intro, which leads with the paper's title, shows what it is about.
        threadId = thread.id;
      }
    } catch (err) {
      const denied = [RESTJSONErrorCodes.MissingPermissions, RESTJSONErrorCodes.MissingAccess] as unknown[];
      if (err instanceof DiscordAPIError && denied.includes(err.code)) {
        throw new UserError(
          'I am not allowed to start threads here: ask an admin to give me Create Public Threads and Send ' +
            'Messages in Threads.',
        );
      }
      throw err;
    }
    record(threadId, { channelId, guildId, paperId }, post?.kind === 'paper' && !post.threadId ? post.id : null);
    return threadId;
  }

  return {
    /**
     * The thread where `paperId` is discussed in `channelId`, created on first use: on the paper's own
     * message when it has one, else as a channel thread; either starts with the paper's intro. Only a member who
     * may create public threads there (`mayCreate`) starts one; for others it is null until someone has.
     */
    forPaper(
      channelId: string,
      paperId: string,
      opts: { mayCreate: boolean; announcement: boolean; guildId: string },
    ): Promise<string | null> {
      const known = ctx.deliveries.threadFor(channelId, paperId);
      if (known) return Promise.resolve(known);
      const key = `${channelId}:${paperId}`;
      let work = opening.get(key);
      if (!work && !opts.mayCreate) return Promise.resolve(null);
      if (!work) {
        work = create(channelId, paperId, opts.guildId, opts.announcement).finally(() => opening.delete(key));
        opening.set(key, work);
      }
      return work;
    },

    /**
     * Opens the thread of a sent daily post. Without a thread the post is still fine: failures are noted once.
     * Only while the post still waits for it: a stop (unsubscribed, the bot left the server) skips its thread,
     * also one whose creation was in flight, which then gets no intro.
     */
    async onPost(post: Post): Promise<void> {
      const paper = post.paperIds[0] ? ctx.papers.get(post.paperIds[0]) : null;
      const waiting = () => ctx.deliveries.get(post.id)?.threadId === null;
      if (!paper || !post.messageId || !waiting()) return;
      let threadId: string | null = null;
      try {
        const thread = (await ctx.rest.post(Routes.threads(post.channelId, post.messageId), {
          body: { name: threadName(paper), auto_archive_duration: 1440 },
        })) as APIThreadChannel;
        threadId = thread.id;
      } catch (err) {
        // Stopped meanwhile: nothing more is asked of the channel, and its refusal is no news.
        if (!waiting()) return;
        if ((err as { code?: unknown }).code === THREAD_ALREADY_CREATED) {
          const message = (await ctx.rest.get(Routes.channelMessage(post.channelId, post.messageId))) as APIMessage;
          threadId = message.thread?.id ?? null;
        } else {
          const failure = classifySendError(err);
          ctx.log.warn(
            { channel: post.channelId, post: post.id, reason: failure.reason },
            'could not open a discussion thread',
          );
          ctx.subscriptions.markError(post.channelId, `thread: ${failure.reason}`);
          // Don't try again on every tick.
          ctx.deliveries.markThread(post.id, '');
          return;
        }
      }
      if (threadId && waiting())
        record(threadId, { channelId: post.channelId, guildId: post.guildId, paperId: paper.id }, post.id);
    },
  };
}
