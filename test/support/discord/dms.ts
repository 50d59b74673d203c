/**
 * Direct messages between the bot and a user: one DM channel (type 1) per recipient, kept in
 * `state.channels` without a guild, and the rules that decide whether the bot may write in it.
 */
import { ChannelType, GatewayIntentBits, PermissionFlagsBits } from 'discord-api-types/v10';
import type { APIDMChannel } from 'discord-api-types/v10';
import { Errors } from './http-io.ts';
import type { ChannelState, EmulatorState } from './state.ts';

/** What the bot may do in a DM: there are no roles or overwrites, and no thread or moderation rights. */
export const DM_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.UseExternalEmojis |
  PermissionFlagsBits.SendPolls;

export const isDm = (channel: ChannelState | undefined): boolean => channel?.type === ChannelType.DM;

/** The gateway intent message events of a channel need: DirectMessages in a DM, GuildMessages elsewhere. */
export function messageIntent(state: EmulatorState, channelId: string): GatewayIntentBits {
  return isDm(state.channels.get(channelId)) ? GatewayIntentBits.DirectMessages : GatewayIntentBits.GuildMessages;
}

export class DmStore {
  /** recipient user id -> DM channel id */
  readonly #byRecipient = new Map<string, string>();
  /** DM channel id -> recipient user id */
  readonly #recipientOf = new Map<string, string>();
  /** Users who do not accept DMs from the bot (privacy setting, or the bot blocked). */
  readonly #closed = new Set<string>();

  channelOf(userId: string): string | undefined {
    return this.#byRecipient.get(userId);
  }
  recipientOf(channelId: string): string | undefined {
    return this.#recipientOf.get(channelId);
  }
  link(userId: string, channelId: string): void {
    this.#byRecipient.set(userId, channelId);
    this.#recipientOf.set(channelId, userId);
  }
  setClosed(userId: string, closed: boolean): void {
    if (closed) this.#closed.add(userId);
    else this.#closed.delete(userId);
  }
  isClosed(userId: string): boolean {
    return this.#closed.has(userId);
  }
}

/** Discord's Create DM: the existing channel for that recipient, or a new one. */
export function openDmChannel(state: EmulatorState, userId: string): ChannelState {
  const { dms } = state;
  const existing = dms.channelOf(userId);
  const known = existing ? state.channels.get(existing) : undefined;
  if (known) return known;
  const channel: ChannelState = {
    id: state.ids.next(),
    guildId: '',
    type: ChannelType.DM,
    name: '',
    topic: null,
    parentId: null,
    position: 0,
    nsfw: false,
    overwrites: [],
    lastMessageId: null,
    thread: null,
  };
  state.channels.set(channel.id, channel);
  dms.link(userId, channel.id);
  return channel;
}

export function dmChannelJSON(state: EmulatorState, channel: ChannelState): APIDMChannel {
  const recipient = state.users.get(state.dms.recipientOf(channel.id) ?? '');
  return {
    id: channel.id,
    type: ChannelType.DM,
    last_message_id: channel.lastMessageId,
    flags: 0,
    recipients: recipient ? [recipient] : [],
    // Discord's DM channel object has no `name` (discord-api-types types it as null).
  } as unknown as APIDMChannel;
}

/**
 * Whether the bot may write to the recipient now. Discord refuses with 403 / 50007 when the user has closed
 * DMs (or blocked the bot), shares no guild with the bot, or is itself a bot.
 */
export function assertCanSendDm(state: EmulatorState, channel: ChannelState): void {
  const { dms } = state;
  const userId = dms.recipientOf(channel.id) ?? '';
  const user = state.users.get(userId);
  const sharesGuild = [...state.guilds.values()].some((g) => g.members.has(userId));
  if (!user || user.bot || !sharesGuild || dms.isClosed(userId)) {
    throw Errors.cannotSendToUser();
  }
}
