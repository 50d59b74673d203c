/** Test-side view and edits of the world (guilds, channels, roles, members, messages), announced on the gateway. */
import { GatewayDispatchEvents, GatewayIntentBits } from 'discord-api-types/v10';
import type { APIMessage } from 'discord-api-types/v10';
import { storeNewMessage } from './context.ts';
import type { EmulatorContext } from './context.ts';
import { buildMessage } from './messages.ts';
import { resolvePermissions } from './permissions.ts';
import type { PermissionInput } from './permissions.ts';
import { channelJSON, guildCreateJSON, memberJSON, roleJSON } from './serialize.ts';
import type { ChannelState, GuildState, MemberState, RoleState } from './state.ts';
import type { ChannelSpec, GuildSpec, MemberSpec, OverwriteSpec, RoleSpec, SeedMessageSpec } from './types.ts';

const { Guilds } = GatewayIntentBits;

export class WorldEditor {
  constructor(protected readonly ctx: EmulatorContext) {}

  get guilds(): GuildState[] {
    return [...this.ctx.state.guilds.values()];
  }

  /** A guild by id or name; the first guild when omitted. */
  guild(idOrName?: string): GuildState {
    const all = this.guilds;
    const g = idOrName === undefined ? all[0] : all.find((x) => x.id === idOrName || x.name === idOrName);
    if (!g) throw new Error(`Unknown guild ${idOrName ?? '(none configured)'}`);
    return g;
  }

  /** A channel or thread by id, or by name within a guild (default: first guild). */
  channel(idOrName: string, guild?: string): ChannelState {
    return this.ctx.state.channels.get(idOrName) ?? this.guild(guild).channel(idOrName);
  }

  protected channelGuild(channelId: string): GuildState {
    const channel = this.ctx.state.channels.get(channelId);
    if (!channel) throw new Error(`Unknown channel ${channelId}`);
    return this.ctx.state.guild(channel.guildId);
  }

  /** The bot joins a guild: GUILD_CREATE (discord.js emits guildCreate). */
  addGuild(spec: GuildSpec = {}): GuildState {
    const guild = this.ctx.state.createGuild(spec);
    this.ctx.gateway.dispatch(GatewayDispatchEvents.GuildCreate, guildCreateJSON(this.ctx.state, guild), Guilds);
    return guild;
  }

  /**
   * The bot is removed from a guild (kicked, banned, or the guild deleted): GUILD_DELETE `{ id }`, with no
   * `unavailable` (that flag means an outage). As on Discord, the guild's channels and messages live on, but
   * the bot no longer sees them: every request to them answers 403 Missing Access (50001).
   */
  removeGuild(guildId: string): void {
    this.ctx.state.guild(guildId);
    this.ctx.state.guilds.delete(guildId);
    this.ctx.gateway.dispatch(GatewayDispatchEvents.GuildDelete, { id: guildId }, Guilds);
  }

  addChannel(guildId: string, spec: ChannelSpec): ChannelState {
    const channel = this.ctx.state.addChannel(this.ctx.state.guild(guildId), spec);
    this.ctx.gateway.dispatch(GatewayDispatchEvents.ChannelCreate, channelJSON(channel), Guilds);
    return channel;
  }

  /** Deletes a channel/thread: CHANNEL_DELETE (or THREAD_DELETE); REST answers 10003 afterwards. */
  deleteChannel(channelId: string): void {
    const channel = this.ctx.state.channels.get(channelId);
    if (!channel) throw new Error(`Unknown channel ${channelId}`);
    const json = channelJSON(channel);
    this.ctx.state.deleteChannel(channelId);
    if (channel.thread) {
      this.ctx.gateway.dispatch(
        GatewayDispatchEvents.ThreadDelete,
        { id: channel.id, guild_id: channel.guildId, parent_id: channel.parentId, type: channel.type },
        Guilds,
      );
    } else {
      this.ctx.gateway.dispatch(GatewayDispatchEvents.ChannelDelete, json, Guilds);
    }
  }

  /** Replaces a channel's overwrites (targets: 'everyone', 'bot', role id/name, member id): CHANNEL_UPDATE. */
  setPermissionOverwrites(channelId: string, overwrites: OverwriteSpec[]): void {
    const guild = this.channelGuild(channelId);
    const channel = guild.channel(channelId);
    channel.overwrites = overwrites.map((o) => this.ctx.state.resolveOverwrite(guild, o));
    this.ctx.gateway.dispatch(GatewayDispatchEvents.ChannelUpdate, channelJSON(channel), Guilds);
  }

  addRole(guildId: string, spec: RoleSpec): RoleState {
    const role = this.ctx.state.addRole(this.ctx.state.guild(guildId), spec);
    this.ctx.gateway.dispatch(
      GatewayDispatchEvents.GuildRoleCreate,
      { guild_id: guildId, role: roleJSON(role) },
      Guilds,
    );
    return role;
  }

  setRolePermissions(guildId: string, role: string, permissions: PermissionInput): void {
    const r = this.ctx.state.guild(guildId).role(role);
    r.permissions = resolvePermissions(permissions);
    this.ctx.gateway.dispatch(GatewayDispatchEvents.GuildRoleUpdate, { guild_id: guildId, role: roleJSON(r) }, Guilds);
  }

  /** Adds a human member (no gateway event: that needs the privileged GuildMembers intent). */
  addMember(guildId: string, spec: MemberSpec = {}): MemberState {
    return this.ctx.state.addMember(this.ctx.state.guild(guildId), spec);
  }

  /**
   * A member leaves the server (or is kicked): from now on GET /guilds/{guild}/members/{user} answers 404 / 10007
   * Unknown Member, and DMs answer 50007 once the user shares no server with the bot. GUILD_MEMBER_REMOVE
   * `{ guild_id, user }` reaches only sessions with the privileged GuildMembers intent, as on Discord; a bot
   * without it keeps whatever member it cached and learns of the departure only by asking REST.
   */
  removeMember(guildId: string, userId: string): void {
    const guild = this.ctx.state.guild(guildId);
    if (userId === this.ctx.state.bot.id) throw new Error('The bot leaves a guild with removeGuild');
    // Discord's owner must transfer the server before leaving it.
    if (userId === guild.ownerId) throw new Error(`User ${userId} owns guild ${guild.id} and cannot leave it`);
    if (!guild.members.delete(userId)) throw new Error(`User ${userId} is not a member of guild ${guild.id}`);
    const user = this.ctx.state.users.get(userId)!;
    this.ctx.gateway.dispatch(
      GatewayDispatchEvents.GuildMemberRemove,
      { guild_id: guild.id, user },
      GatewayIntentBits.GuildMembers,
    );
  }

  /**
   * Sets the bot's extra roles (its managed role stays): GUILD_MEMBER_UPDATE for the bot itself,
   * sent regardless of intents so discord.js recomputes permissions.
   */
  setBotRoles(guildId: string, roles: string[]): void {
    const guild = this.ctx.state.guild(guildId);
    const member = guild.members.get(this.ctx.state.bot.id)!;
    member.roles = [guild.botRoleId, ...roles.map((r) => guild.role(r).id)];
    this.ctx.gateway.dispatch(GatewayDispatchEvents.GuildMemberUpdate, {
      guild_id: guildId,
      ...memberJSON(this.ctx.state, member),
    });
  }

  /** Non-ephemeral messages held in a channel, oldest first. */
  messages(channelId: string): APIMessage[] {
    return this.ctx.state.messages.list(channelId).map((r) => this.ctx.state.messages.render(r, this.ctx.state.bot.id));
  }
  /** Any message (also ephemeral ones) by id. */
  message(id: string): APIMessage | undefined {
    const r = this.ctx.state.messages.get(id);
    return r ? this.ctx.state.messages.render(r, this.ctx.state.bot.id) : undefined;
  }

  /** A message that existed before the bot started (no gateway event). Author defaults to the bot. */
  seedMessage(channelId: string, spec: SeedMessageSpec = {}): APIMessage {
    const { state } = this.ctx;
    const channel = state.channels.get(channelId);
    if (!channel) throw new Error(`Unknown channel ${channelId}`);
    const author = state.users.get(spec.authorId ?? state.bot.id) ?? state.addUser({ id: spec.authorId! });
    const message = buildMessage({
      ids: state.ids,
      baseUrl: this.ctx.baseUrl,
      channelId,
      guildId: channel.guildId,
      author,
      body: { content: spec.content ?? '', embeds: spec.embeds ?? [], components: spec.components ?? [] },
      files: [],
      id: spec.id ?? (spec.timestamp !== undefined ? state.ids.at(spec.timestamp) : undefined),
      timestamp: spec.timestamp,
    });
    message.pinned = spec.pinned ?? false;
    return storeNewMessage(this.ctx, message, { dispatch: false }).message;
  }
}
