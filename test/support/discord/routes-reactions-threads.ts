/** Reaction routes (PUT/DELETE @me, list users) and thread creation (from a message or standalone). */
import {
  ChannelType,
  GatewayDispatchEvents,
  GatewayIntentBits,
  MessageFlags,
  PermissionFlagsBits,
} from 'discord-api-types/v10';
import type { EmulatorContext } from './context.ts';
import { storeNewMessage } from './context.ts';
import { Errors } from './http-io.ts';
import { obj, validateMessage, validateThreadName } from './limits.ts';
import { buildMessage } from './messages.ts';
import { emojiKey, parseEmoji } from './message-store.ts';
import type { MessageRecord } from './message-store.ts';
import type { RestRouter } from './rest-router.ts';
import type { ChannelAccess } from './routes-channels.ts';
import { channelJSON, memberJSON } from './serialize.ts';
import { compareSnowflakes } from './snowflake.ts';
import type { ChannelState, ThreadState } from './state.ts';

const DURATIONS = [60, 1440, 4320, 10080] as const;

/** Adds or removes one user's reaction and dispatches the gateway event. Shared with test helpers. */
export function setReaction(
  ctx: EmulatorContext,
  record: MessageRecord,
  emojiText: string | { id?: string | null; name: string },
  userId: string,
  add: boolean,
  burst = false,
): void {
  const emoji =
    typeof emojiText === 'string' ? parseEmoji(emojiText) : { id: emojiText.id ?? null, name: emojiText.name };
  const key = emojiKey(emoji);
  let r = record.reactions.get(key);
  if (!r) {
    if (!add) return;
    r = { emoji, users: new Set(), burstUsers: new Set() };
    record.reactions.set(key, r);
  }
  const set = burst ? r.burstUsers : r.users;
  if (add === set.has(userId)) return; // no change, no event (as on Discord)
  if (add) set.add(userId);
  else set.delete(userId);
  if (r.users.size + r.burstUsers.size === 0) record.reactions.delete(key);
  const m = record.message;
  const guildId = ctx.state.channels.get(m.channel_id)?.guildId;
  const base = {
    user_id: userId,
    channel_id: m.channel_id,
    message_id: m.id,
    emoji,
    burst,
    type: burst ? 1 : 0,
    ...(guildId ? { guild_id: guildId } : {}),
  };
  if (add) {
    const guild = guildId ? ctx.state.guilds.get(guildId) : undefined;
    const member = guild?.members.get(userId);
    const user = ctx.state.users.get(userId);
    ctx.gateway.dispatch(
      GatewayDispatchEvents.MessageReactionAdd,
      {
        ...base,
        message_author_id: m.author.id,
        burst_colors: [],
        ...(member && user ? { member: memberJSON(ctx.state, member) } : {}),
      },
      GatewayIntentBits.GuildMessageReactions,
    );
  } else {
    ctx.gateway.dispatch(GatewayDispatchEvents.MessageReactionRemove, base, GatewayIntentBits.GuildMessageReactions);
  }
}

export function createThread(
  ctx: EmulatorContext,
  parent: ChannelState,
  opts: {
    id?: string;
    name: string;
    type: ChannelType;
    autoArchive?: unknown;
  },
): ChannelState {
  const guild = ctx.state.guild(parent.guildId);
  const thread: ThreadState = {
    ownerId: ctx.state.bot.id,
    archived: false,
    locked: false,
    messageCount: 0,
    createdAt: new Date(ctx.state.now()).toISOString(),
    autoArchiveDuration: (DURATIONS as readonly unknown[]).includes(opts.autoArchive)
      ? (opts.autoArchive as ThreadState['autoArchiveDuration'])
      : 1440,
  };
  const channel: ChannelState = {
    id: opts.id ?? ctx.state.ids.next(),
    guildId: guild.id,
    type: opts.type,
    name: opts.name,
    topic: null,
    parentId: parent.id,
    position: 0,
    nsfw: parent.nsfw,
    overwrites: [],
    lastMessageId: null,
    thread,
  };
  guild.channels.set(channel.id, channel);
  ctx.state.channels.set(channel.id, channel);
  ctx.gateway.dispatch(
    GatewayDispatchEvents.ThreadCreate,
    { ...channelJSON(channel), newly_created: true },
    GatewayIntentBits.Guilds,
  );
  return channel;
}

export function registerReactionThreadRoutes(router: RestRouter, ctx: EmulatorContext, access: ChannelAccess): void {
  const { state } = ctx;
  const base = '/channels/:channel/messages/:message/reactions';
  const target = (params: Record<string, string>) => {
    const { channel, perms } = access.readable(params.channel);
    return { channel, perms, record: access.message(channel, params.message) };
  };
  router
    .put(`${base}/:emoji/@me`, ({ params }) => {
      const { perms, record } = target(params);
      const existing = record.reactions.get(emojiKey(parseEmoji(params.emoji!)));
      if (!existing) access.require(perms, PermissionFlagsBits.AddReactions);
      setReaction(ctx, record, params.emoji!, state.bot.id, true);
    })
    .delete(
      `${base}/:emoji/@me`,
      ({ params }) => void setReaction(ctx, target(params).record, params.emoji!, state.bot.id, false),
    )
    .delete(`${base}/:emoji/:user`, ({ params }) => {
      const { perms, record } = target(params);
      access.require(perms, PermissionFlagsBits.ManageMessages);
      setReaction(ctx, record, params.emoji!, params.user!, false);
    })
    .get(`${base}/:emoji`, ({ params, query }) => {
      const { record } = target(params);
      const r = record.reactions.get(emojiKey(parseEmoji(params.emoji!)));
      const ids = r ? [...(query.type === '1' ? r.burstUsers : r.users)].sort(compareSnowflakes) : [];
      const after = query.after;
      const limit = Math.min(100, Number(query.limit ?? 25));
      return ids
        .filter((id) => !after || BigInt(id) > BigInt(after))
        .slice(0, limit)
        .map((id) => state.users.get(id))
        .filter(Boolean);
    })
    .delete(`${base}/:emoji`, ({ params }) => {
      const { perms, record } = target(params);
      access.require(perms, PermissionFlagsBits.ManageMessages);
      record.reactions.delete(emojiKey(parseEmoji(params.emoji!)));
    })
    .delete(base, ({ params }) => {
      const { perms, record } = target(params);
      access.require(perms, PermissionFlagsBits.ManageMessages);
      record.reactions.clear();
    })
    .post('/channels/:channel/messages/:message/threads', ({ params, body }) => {
      const { channel, perms } = access.visible(params.channel);
      const record = access.message(channel, params.message);
      const b = obj(body);
      if (channel.type !== ChannelType.GuildText && channel.type !== ChannelType.GuildAnnouncement) {
        throw Errors.wrongChannelType();
      }
      validateThreadName(b.name);
      access.require(perms, PermissionFlagsBits.CreatePublicThreads);
      if (state.channels.has(record.message.id)) throw Errors.threadExists();
      const type =
        channel.type === ChannelType.GuildAnnouncement ? ChannelType.AnnouncementThread : ChannelType.PublicThread;
      const thread = createThread(ctx, channel, {
        id: record.message.id,
        name: String(b.name),
        type,
        autoArchive: b.auto_archive_duration,
      });
      record.message.thread = channelJSON(thread);
      record.message.flags = (record.message.flags ?? 0) | MessageFlags.HasThread;
      return channelJSON(thread);
    })
    .post('/channels/:channel/threads', ({ params, body, files }) => {
      const { channel, perms } = access.visible(params.channel);
      const b = obj(body);
      validateThreadName(b.name);
      const isForum = channel.type === ChannelType.GuildForum;
      const type = isForum
        ? ChannelType.PublicThread
        : ((b.type as ChannelType | undefined) ?? ChannelType.PrivateThread);
      // A thread without a message in an announcement channel is an announcement thread (10), and only there.
      const announcement = channel.type === ChannelType.GuildAnnouncement;
      if (!isForum && announcement !== (type === ChannelType.AnnouncementThread)) throw Errors.wrongChannelType();
      access.require(
        perms,
        type === ChannelType.PrivateThread
          ? PermissionFlagsBits.CreatePrivateThreads
          : PermissionFlagsBits.CreatePublicThreads,
      );
      if (isForum) validateMessage(b.message, { create: true, fileCount: files.length, path: ['message'] });
      const thread = createThread(ctx, channel, { name: String(b.name), type, autoArchive: b.auto_archive_duration });
      if (!isForum) return channelJSON(thread);
      const starter = buildMessage({
        ids: state.ids,
        baseUrl: ctx.baseUrl,
        channelId: thread.id,
        guildId: thread.guildId,
        author: state.bot,
        body: obj(b.message),
        files,
        id: thread.id,
      });
      const record = storeNewMessage(ctx, starter);
      return { ...channelJSON(thread), message: state.messages.render(record, state.bot.id) };
    })
    .put('/channels/:channel/thread-members/@me', ({ params }) => void access.visible(params.channel));
}
