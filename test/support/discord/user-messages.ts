/**
 * Messages that members (or other bots) write in channels and threads, as the bot's gateway sessions see them:
 * MESSAGE_CREATE with GuildMessages, and the message's content only with the privileged MessageContent intent
 * (unless the message mentions the bot), as Discord does.
 */
import { GatewayDispatchEvents, GatewayIntentBits, PermissionFlagsBits } from 'discord-api-types/v10';
import type { APIEmbed, APIMessage } from 'discord-api-types/v10';
import { removeMessage, storeNewMessage } from './context.ts';
import type { EmulatorContext } from './context.ts';
import type { GatewaySession } from './gateway.ts';
import { FormErrors } from './limits.ts';
import { buildMessage } from './messages.ts';
import { hasPermission } from './permissions.ts';
import { buildPoll, validatePoll } from './polls.ts';
import { memberJSON } from './serialize.ts';

export interface UserMessageOptions {
  /** The author is another bot (its user gets `bot: true`). */
  bot?: boolean;
  embeds?: APIEmbed[];
  /** Id of a message in the same channel this one replies to. */
  replyTo?: string;
  /** When it was posted (default: now). */
  timestamp?: number;
  /** A poll, as in a create-message body: `{ question: { text }, answers: [{ poll_media: { text } }], ... }`. */
  poll?: unknown;
}

/** What a session without MessageContent gets of someone else's message: the content fields emptied. */
function withoutContent(message: APIMessage): APIMessage {
  const { poll: _poll, ...rest } = message;
  return { ...rest, content: '', embeds: [], attachments: [], components: [] };
}

/** Sends MESSAGE_CREATE to sessions with GuildMessages; `content` etc. only to those allowed to read it. */
function dispatchUserMessage(ctx: EmulatorContext, message: APIMessage, contentVisible: boolean): void {
  const redacted = contentVisible ? message : withoutContent(message);
  ctx.gateway.dispatch(
    GatewayDispatchEvents.MessageCreate,
    (session: GatewaySession) => ((session.intents & GatewayIntentBits.MessageContent) !== 0 ? message : redacted),
    GatewayIntentBits.GuildMessages,
  );
}

/**
 * A member (or, with `opts.bot`, another bot that is a member) posts in a channel or thread. The user must be a
 * member who can view the channel and send messages there; a locked thread refuses, an archived one reopens.
 */
export function postAsUser(
  ctx: EmulatorContext,
  channelId: string,
  userId: string,
  content: string,
  opts: UserMessageOptions = {},
): APIMessage {
  const { state } = ctx;
  const channel = state.channels.get(channelId);
  if (!channel) throw new Error(`Unknown channel ${channelId}`);
  const guild = state.guild(channel.guildId);
  const member = guild.members.get(userId);
  if (!member) throw new Error(`User ${userId} is not a member of guild ${guild.name}`);
  if (userId === state.bot.id) throw new Error('postAsUser is for other users; the bot posts through REST');
  const perms = state.permissionsIn(channelId, userId);
  const send = channel.thread ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.SendMessages;
  if (!hasPermission(perms, PermissionFlagsBits.ViewChannel) || !hasPermission(perms, send))
    throw new Error(`User ${userId} may not send messages in ${channel.name}`);
  if (channel.thread?.locked && !hasPermission(perms, PermissionFlagsBits.ManageThreads))
    throw new Error(`Thread ${channel.name} is locked`);
  if (channel.thread?.archived) channel.thread.archived = false;
  const user = state.users.get(userId)!;
  if (opts.bot) user.bot = true;
  const mentionsBot = new RegExp(`<@!?${state.bot.id}>`).test(content);
  const message = buildMessage({
    ids: state.ids,
    baseUrl: ctx.baseUrl,
    channelId,
    guildId: guild.id,
    author: user,
    body: {
      content,
      embeds: opts.embeds ?? [],
      ...(opts.replyTo ? { message_reference: { message_id: opts.replyTo } } : {}),
    },
    files: [],
    ...(opts.timestamp !== undefined ? { id: state.ids.at(opts.timestamp), timestamp: opts.timestamp } : {}),
  });
  if (mentionsBot) message.mentions = [state.bot];
  if (opts.poll !== undefined) {
    const e = new FormErrors();
    validatePoll(e, opts.poll);
    e.throwIfAny();
    message.poll = buildPoll(opts.poll, opts.timestamp ?? state.now());
  }
  storeNewMessage(ctx, message, { dispatch: false });
  const { user: _user, ...partialMember } = memberJSON(state, member);
  dispatchUserMessage(ctx, { ...message, member: partialMember } as APIMessage, mentionsBot);
  return message;
}

/** Someone (a member, a moderator) deletes a message: MESSAGE_DELETE `{ id, channel_id, guild_id }`. */
export function deleteMessageAsUser(ctx: EmulatorContext, channelId: string, messageId: string): void {
  const record = ctx.state.messages.inChannel(channelId, messageId);
  if (!record) throw new Error(`Unknown message ${messageId} in ${channelId}`);
  removeMessage(ctx, messageId);
}
