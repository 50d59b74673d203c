import { ChannelType, DiscordAPIError, RESTJSONErrorCodes, Routes, type APIMessage, type APIThreadChannel } from 'discord.js';
import type { BotContext } from '../app/bot-context.ts';
import { UserError } from '../discord/user-error.ts';
import { compactEmbed, threadName } from './render-post.ts';

const THREAD_ALREADY_CREATED = 160004;
const opening = new Map<string, Promise<string>>();

/**
 * The thread where `paperId` is discussed in `channelId`, created on first use: on the paper's own
 * message when it has one, else as a channel thread that starts with the paper's card. Members clicking
 * at the same moment share one creation.
 */
export function discussionThread(ctx: BotContext, channelId: string, paperId: string): Promise<string> {
  const known = ctx.deliveries.threadFor(channelId, paperId);
  if (known) return Promise.resolve(known);
  const key = `${channelId}:${paperId}`;
  let work = opening.get(key);
  if (!work) {
    work = createThread(ctx, channelId, paperId).finally(() => opening.delete(key));
    opening.set(key, work);
  }
  return work;
}

async function createThread(ctx: BotContext, channelId: string, paperId: string): Promise<string> {
  const paper = ctx.papers.get(paperId);
  if (!paper) throw new UserError('That paper is no longer stored.');
  const post = ctx.deliveries.postOfPaper(channelId, paperId);
  let threadId: string;
  try {
    if (post?.kind === 'paper' && post.messageId) {
      threadId = await threadOnMessage(ctx, channelId, post.messageId, threadName(paper));
    } else {
      const thread = (await ctx.rest.post(Routes.threads(channelId), {
        body: { name: threadName(paper), type: ChannelType.PublicThread, auto_archive_duration: 1440 },
      })) as APIThreadChannel;
      threadId = thread.id;
      await ctx.rest.post(Routes.channelMessages(threadId), {
        body: { embeds: [compactEmbed(paper, 1)], allowed_mentions: { parse: [] } },
      });
    }
  } catch (err) {
    if (err instanceof DiscordAPIError && (err.code === RESTJSONErrorCodes.MissingPermissions || err.code === RESTJSONErrorCodes.MissingAccess)) {
      throw new UserError('I am not allowed to start threads here: ask an admin to give me Create Public Threads and Send Messages in Threads.');
    }
    throw err;
  }
  ctx.deliveries.saveThread(channelId, paperId, threadId);
  if (post?.kind === 'paper' && !post.threadId) ctx.deliveries.markThread(post.id, threadId);
  return threadId;
}

async function threadOnMessage(ctx: BotContext, channelId: string, messageId: string, name: string): Promise<string> {
  try {
    const thread = (await ctx.rest.post(Routes.threads(channelId, messageId), { body: { name, auto_archive_duration: 1440 } })) as APIThreadChannel;
    return thread.id;
  } catch (err) {
    if ((err as { code?: unknown }).code !== THREAD_ALREADY_CREATED) throw err;
    const message = (await ctx.rest.get(Routes.channelMessage(channelId, messageId))) as APIMessage;
    if (!message.thread) throw err;
    return message.thread.id;
  }
}
