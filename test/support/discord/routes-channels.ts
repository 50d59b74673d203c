/** Channel and message routes, with Discord's permission checks and the nonce de-duplication. */
import { ChannelType, GatewayDispatchEvents, GatewayIntentBits, PermissionFlagsBits } from 'discord-api-types/v10';
import { announceEdit, removeMessage, storeNewMessage } from './context.ts';
import type { EmulatorContext } from './context.ts';
import { assertCanSendDm, DM_PERMISSIONS, dmChannelJSON, isDm } from './dms.ts';
import { DiscordError, Errors } from './http-io.ts';
import { FormErrors, obj, validateMessage } from './limits.ts';
import { applyEdit, buildMessage } from './messages.ts';
import { hasPermission } from './permissions.ts';
import { buildPoll, validatePoll } from './polls.ts';
import type { RestRouter } from './rest-router.ts';
import { channelJSON } from './serialize.ts';
import type { ChannelState } from './state.ts';

const TEXT_TYPES = new Set<ChannelType>([
  ChannelType.GuildText,
  ChannelType.GuildAnnouncement,
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
  ChannelType.AnnouncementThread,
  ChannelType.GuildVoice,
  ChannelType.DM,
]);

/** Channel access helpers shared by the channel, reaction and thread routes. */
export class ChannelAccess {
  constructor(private readonly ctx: EmulatorContext) {}

  /** The channel, or 10003; 50001 when the bot cannot see it. */
  visible(id: string | undefined): { channel: ChannelState; perms: bigint } {
    const channel = id ? this.ctx.state.channels.get(id) : undefined;
    if (!channel) throw Errors.unknownChannel();
    if (isDm(channel)) return { channel, perms: DM_PERMISSIONS };
    const perms = this.ctx.state.permissionsIn(channel.id, this.ctx.state.bot.id);
    if (!hasPermission(perms, PermissionFlagsBits.ViewChannel)) throw Errors.missingAccess();
    return { channel, perms };
  }

  require(perms: bigint, ...flags: bigint[]): void {
    for (const f of flags) if (!hasPermission(perms, f)) throw Errors.missingPermissions();
  }

  /** Reading history needs Read Message History; Discord answers 50001 without it. */
  readable(id: string | undefined): { channel: ChannelState; perms: bigint } {
    const r = this.visible(id);
    if (!hasPermission(r.perms, PermissionFlagsBits.ReadMessageHistory)) throw Errors.missingAccess();
    return r;
  }

  message(channel: ChannelState, id: string | undefined) {
    const record = id ? this.ctx.state.messages.inChannel(channel.id, id) : undefined;
    if (!record) throw Errors.unknownMessage();
    return record;
  }
}

export function registerChannelRoutes(router: RestRouter, ctx: EmulatorContext, access: ChannelAccess): void {
  const { state } = ctx;
  const render = (r: Parameters<typeof state.messages.render>[0]) => state.messages.render(r, state.bot.id);

  router
    .get('/channels/:channel', ({ params }) => {
      const { channel } = access.visible(params.channel);
      return isDm(channel) ? dmChannelJSON(state, channel) : channelJSON(channel);
    })
    .patch('/channels/:channel', ({ params, body }) => {
      const { channel, perms } = access.visible(params.channel);
      if (isDm(channel)) throw Errors.dmAction();
      const b = obj(body);
      access.require(perms, channel.thread ? PermissionFlagsBits.ManageThreads : PermissionFlagsBits.ManageChannels);
      if (typeof b.name === 'string') channel.name = b.name;
      if (typeof b.topic === 'string' || b.topic === null) channel.topic = b.topic;
      if (channel.thread) {
        if (typeof b.archived === 'boolean') channel.thread.archived = b.archived;
        if (typeof b.locked === 'boolean') channel.thread.locked = b.locked;
      }
      const json = channelJSON(channel);
      ctx.gateway.dispatch(
        channel.thread ? GatewayDispatchEvents.ThreadUpdate : GatewayDispatchEvents.ChannelUpdate,
        json,
        GatewayIntentBits.Guilds,
      );
      return json;
    })
    .delete('/channels/:channel', ({ params }) => {
      const { channel, perms } = access.visible(params.channel);
      // Closing a DM only hides it: the channel, its id and its messages stay.
      if (isDm(channel)) return dmChannelJSON(state, channel);
      access.require(perms, channel.thread ? PermissionFlagsBits.ManageThreads : PermissionFlagsBits.ManageChannels);
      const json = channelJSON(channel);
      state.deleteChannel(channel.id);
      ctx.gateway.dispatch(
        channel.thread ? GatewayDispatchEvents.ThreadDelete : GatewayDispatchEvents.ChannelDelete,
        json,
        GatewayIntentBits.Guilds,
      );
      return json;
    })
    .post('/channels/:channel/typing', ({ params }) => void access.visible(params.channel))
    .get('/channels/:channel/messages', ({ params, query }) => {
      const { channel } = access.readable(params.channel);
      const limit = query.limit === undefined ? 50 : Number(query.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
        const e = new FormErrors();
        e.add(['limit'], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 100.');
        e.throwIfAny();
      }
      return state.messages
        .query(channel.id, { limit, before: query.before, after: query.after, around: query.around })
        .map(render);
    })
    .post('/channels/:channel/messages', ({ params, body, files }) => {
      const { channel, perms } = access.visible(params.channel);
      if (!TEXT_TYPES.has(channel.type))
        throw new DiscordError(400, 50008, 'Cannot send messages in a non-text channel');
      const b = obj(body);
      validateMessage(b, { create: true, fileCount: files.length });
      const hasPoll = b.poll !== undefined && b.poll !== null;
      const e = new FormErrors();
      e.maxLength(['nonce'], b.nonce, 25);
      if (hasPoll) validatePoll(e, b.poll);
      e.throwIfAny();
      access.require(
        perms,
        channel.thread ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.SendMessages,
      );
      if (Array.isArray(b.embeds) && b.embeds.length > 0) access.require(perms, PermissionFlagsBits.EmbedLinks);
      if (files.length > 0) access.require(perms, PermissionFlagsBits.AttachFiles);
      if (hasPoll) access.require(perms, PermissionFlagsBits.SendPolls);
      if (isDm(channel)) assertCanSendDm(state, channel);
      if (channel.thread?.locked) throw new DiscordError(400, 50083, 'Thread is locked');
      const now = state.now();
      const nonce = typeof b.nonce === 'string' || typeof b.nonce === 'number' ? String(b.nonce) : null;
      if (nonce !== null && b.enforce_nonce === true) {
        const existing = state.messages.findByNonce(channel.id, state.bot.id, nonce, now);
        if (existing) return render(existing);
      }
      const ref = obj(b.message_reference);
      // Untrusted JSON: whatever was sent as channel_id is compared as text.
      const refChannel: unknown = ref.channel_id ?? channel.id;
      if (
        typeof ref.message_id === 'string' &&
        ref.fail_if_not_exists !== false &&
        !state.messages.inChannel(String(refChannel), ref.message_id)
      ) {
        e.add(['message_reference'], 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', 'Unknown message');
        e.throwIfAny();
      }
      if (channel.thread?.archived) channel.thread.archived = false;
      const message = buildMessage({
        ids: state.ids,
        baseUrl: ctx.baseUrl,
        channelId: channel.id,
        guildId: channel.guildId,
        author: state.bot,
        body: b,
        files,
      });
      if (hasPoll) message.poll = buildPoll(b.poll, now);
      const record = storeNewMessage(ctx, message);
      if (nonce !== null) state.messages.rememberNonce(channel.id, state.bot.id, nonce, message.id, now);
      return render(record);
    })
    .get('/channels/:channel/messages/:message', ({ params }) => {
      const { channel } = access.readable(params.channel);
      return render(access.message(channel, params.message));
    })
    .patch('/channels/:channel/messages/:message', ({ params, body, files }) => {
      const { channel } = access.visible(params.channel);
      const record = access.message(channel, params.message);
      if (record.message.author.id !== state.bot.id) throw Errors.notAuthor();
      validateMessage(body, { create: false });
      applyEdit(record.message, obj(body), files, { ids: state.ids, baseUrl: ctx.baseUrl });
      announceEdit(ctx, record);
      return render(record);
    })
    .delete('/channels/:channel/messages/:message', ({ params }) => {
      const { channel, perms } = access.visible(params.channel);
      const record = access.message(channel, params.message);
      if (record.message.author.id !== state.bot.id) access.require(perms, PermissionFlagsBits.ManageMessages);
      removeMessage(ctx, record.message.id);
    });
}
