/** Turns emulator state into Discord API v10 JSON (REST responses and gateway payloads). */
import { ChannelType, GuildMemberFlags } from 'discord-api-types/v10';
import type { RoleFlags } from 'discord-api-types/v10';
import type {
  APIChannel,
  APIGuild,
  APIGuildMember,
  APIInteractionGuildMember,
  APIRole,
  GatewayGuildCreateDispatchData,
} from 'discord-api-types/v10';
import { onShard, type Shard } from './gateway.ts';
import { scheduledEventJSON } from './scheduled-events.ts';
import type { ChannelState, EmulatorState, GuildState, MemberState, RoleState } from './state.ts';

export function roleJSON(role: RoleState): APIRole {
  return {
    id: role.id,
    name: role.name,
    color: role.color,
    colors: { primary_color: role.color, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position: role.position,
    permissions: role.permissions.toString(),
    managed: role.managed,
    mentionable: role.mentionable,
    flags: 0 as RoleFlags,
    ...(role.botId ? { tags: { bot_id: role.botId } } : {}),
  };
}

export function channelJSON(channel: ChannelState, extra: { permissions?: bigint } = {}): APIChannel {
  const base: Record<string, unknown> = {
    id: channel.id,
    type: channel.type,
    guild_id: channel.guildId,
    name: channel.name,
    parent_id: channel.parentId,
    nsfw: channel.nsfw,
    flags: 0,
    rate_limit_per_user: 0,
    last_message_id: channel.lastMessageId,
  };
  if (channel.thread) {
    const t = channel.thread;
    Object.assign(base, {
      owner_id: t.ownerId,
      message_count: t.messageCount,
      total_message_sent: t.messageCount,
      member_count: 1,
      thread_metadata: {
        archived: t.archived,
        auto_archive_duration: t.autoArchiveDuration,
        archive_timestamp: t.createdAt,
        locked: t.locked,
        create_timestamp: t.createdAt,
        ...(channel.type === ChannelType.PrivateThread ? { invitable: true } : {}),
      },
      applied_tags: [],
    });
  } else {
    Object.assign(base, {
      position: channel.position,
      topic: channel.topic,
      permission_overwrites: channel.overwrites.map((o) => ({
        id: o.id,
        type: o.type,
        allow: o.allow.toString(),
        deny: o.deny.toString(),
      })),
      default_auto_archive_duration: 1440,
      default_thread_rate_limit_per_user: 0,
    });
  }
  if (extra.permissions !== undefined) base.permissions = extra.permissions.toString();
  return base as unknown as APIChannel;
}

export function memberJSON(state: EmulatorState, member: MemberState): APIGuildMember {
  const user = state.users.get(member.userId);
  if (!user) throw new Error(`No user ${member.userId}`);
  return {
    user,
    nick: member.nick,
    avatar: null,
    banner: null,
    roles: [...member.roles],
    joined_at: member.joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    pending: false,
    communication_disabled_until: null,
    flags: GuildMemberFlags.CompletedOnboarding,
  };
}

export function interactionMemberJSON(
  state: EmulatorState,
  member: MemberState,
  permissions: bigint,
): APIInteractionGuildMember {
  const json = memberJSON(state, member);
  return { ...json, user: json.user, permissions: permissions.toString() };
}

export function guildJSON(guild: GuildState): APIGuild {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: guild.ownerId,
    region: 'us-west',
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [...guild.roles.values()].map(roleJSON),
    emojis: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    max_presences: null,
    max_members: 500_000,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: 'en-US' as APIGuild['preferred_locale'],
    public_updates_channel_id: null,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    nsfw_level: 0,
    stickers: [],
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
  } as unknown as APIGuild;
}

/**
 * GUILD_CREATE as a bot without the GuildMembers/GuildPresences intents receives it:
 * only its own member is listed; member_count counts everyone.
 */
export function guildCreateJSON(state: EmulatorState, guild: GuildState): GatewayGuildCreateDispatchData {
  const bot = guild.members.get(state.bot.id);
  const channels: APIChannel[] = [];
  const threads: APIChannel[] = [];
  for (const c of guild.channels.values()) {
    if (c.thread) {
      if (!c.thread.archived) threads.push(channelJSON(c));
    } else {
      channels.push(channelJSON(c));
    }
  }
  return {
    ...guildJSON(guild),
    joined_at: guild.joinedAt,
    large: false,
    unavailable: false,
    member_count: guild.members.size,
    voice_states: [],
    members: bot ? [memberJSON(state, bot)] : [],
    channels,
    threads,
    presences: [],
    stage_instances: [],
    guild_scheduled_events: state.scheduledEvents.list(guild.id).map((e) => scheduledEventJSON(state, e)),
    soundboard_sounds: [],
  } as unknown as GatewayGuildCreateDispatchData;
}

/** READY `d`: every guild of the shard listed as unavailable; each is followed by its GUILD_CREATE. */
export function readyJSON(
  state: EmulatorState,
  sessionId: string,
  shard: Shard,
  wsUrl: string,
): Record<string, unknown> {
  return {
    v: 10,
    user: { ...state.bot, verified: true, mfa_enabled: false, email: null, flags: 0 },
    guilds: [...state.guilds.values()]
      .filter((g) => onShard(shard, g.id))
      .map((g) => ({ id: g.id, unavailable: true })),
    session_id: sessionId,
    session_type: 'normal',
    resume_gateway_url: wsUrl,
    shard,
    application: { id: state.applicationId, flags: 0 },
    user_settings: {},
    relationships: [],
    private_channels: [],
    presences: [],
    guild_join_requests: [],
    geo_ordered_rtc_regions: ['us-west'],
    auth: {},
    _trace: ['["paperboy-emulator"]'],
  };
}
