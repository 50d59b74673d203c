/** In-memory model of what the bot can see: users, guilds, roles, channels, members. */
import { ChannelType, OverwriteType } from 'discord-api-types/v10';
import type { APIApplicationCommand, APIUser, UserFlags } from 'discord-api-types/v10';
import { SnowflakeGenerator } from './snowflake.ts';
import { VoiceStates } from './voice-states.ts';
import { DmStore } from './dms.ts';
import { MessageStore } from './message-store.ts';
import { ScheduledEventStore } from './scheduled-events.ts';
import {
  computeBasePermissions,
  computeChannelPermissions,
  resolvePermissions,
  DEFAULT_BOT_PERMISSIONS,
  DEFAULT_EVERYONE_PERMISSIONS,
} from './permissions.ts';
import type { PermissionOverwrite, PermissionSubject } from './permissions.ts';
import type { ChannelKind, ChannelSpec, GuildSpec, MemberSpec, OverwriteSpec, RoleSpec } from './types.ts';

export interface RoleState {
  id: string;
  name: string;
  permissions: bigint;
  position: number;
  color: number;
  managed: boolean;
  mentionable: boolean;
  botId: string | null;
}

export interface ThreadState {
  ownerId: string;
  archived: boolean;
  locked: boolean;
  autoArchiveDuration: 60 | 1440 | 4320 | 10080;
  createdAt: string;
  messageCount: number;
}

export interface ChannelState {
  id: string;
  guildId: string;
  type: ChannelType;
  name: string;
  topic: string | null;
  parentId: string | null;
  position: number;
  nsfw: boolean;
  overwrites: PermissionOverwrite[];
  lastMessageId: string | null;
  thread: ThreadState | null;
}

export interface MemberState {
  userId: string;
  roles: string[];
  nick: string | null;
  joinedAt: string;
}

const KIND_TO_TYPE: Record<ChannelKind, ChannelType> = {
  text: ChannelType.GuildText,
  announcement: ChannelType.GuildAnnouncement,
  category: ChannelType.GuildCategory,
  forum: ChannelType.GuildForum,
  voice: ChannelType.GuildVoice,
  stage: ChannelType.GuildStageVoice,
};

export class GuildState {
  readonly roles = new Map<string, RoleState>();
  readonly channels = new Map<string, ChannelState>();
  readonly members = new Map<string, MemberState>();
  botRoleId = '';
  constructor(
    readonly id: string,
    public name: string,
    public ownerId: string,
    readonly joinedAt: string,
  ) {}

  /** A channel (or thread) by id or name; throws when absent so test typos fail loudly. */
  channel(idOrName: string): ChannelState {
    const c = this.channels.get(idOrName) ?? [...this.channels.values()].find((x) => x.name === idOrName);
    if (!c) throw new Error(`Guild ${this.name} has no channel ${idOrName}`);
    return c;
  }
  role(idOrName: string): RoleState {
    if (idOrName === 'everyone' || idOrName === '@everyone') return this.roles.get(this.id)!;
    const r = this.roles.get(idOrName) ?? [...this.roles.values()].find((x) => x.name === idOrName);
    if (!r) throw new Error(`Guild ${this.name} has no role ${idOrName}`);
    return r;
  }
  get everyoneRoleId(): string {
    return this.id;
  }
}

export class EmulatorState {
  readonly ids: SnowflakeGenerator;
  readonly users = new Map<string, APIUser>();
  readonly guilds = new Map<string, GuildState>();
  /** Every channel and thread of every guild, by id. */
  readonly channels = new Map<string, ChannelState>();
  readonly messages = new MessageStore();
  readonly scheduledEvents = new ScheduledEventStore();
  /** DM channels (also in `channels`, without a guild) and who accepts DMs. */
  readonly dms = new DmStore();
  /** Members connected to voice and stage channels. */
  readonly voice = new VoiceStates();
  readonly globalCommands: APIApplicationCommand[] = [];
  readonly guildCommands = new Map<string, APIApplicationCommand[]>();
  readonly bot: APIUser;

  /**
   * The emulator's clock, in ms: what "now" is for everything Discord dates (ids, timestamps, polls' expiry,
   * scheduled events, interaction tokens). A test injects the same clock into the bot.
   */
  readonly now: () => number;

  constructor(botName: string, now: () => number) {
    this.now = now;
    this.ids = new SnowflakeGenerator(now);
    this.bot = this.addUser({ username: botName, bot: true });
  }

  get applicationId(): string {
    return this.bot.id;
  }

  addUser(spec: { id?: string; username?: string; globalName?: string | null; bot?: boolean }): APIUser {
    const id = spec.id ?? this.ids.next();
    const user: APIUser = {
      id,
      username: spec.username ?? `user${id.slice(-5)}`,
      discriminator: '0',
      global_name: spec.globalName ?? null,
      avatar: null,
      public_flags: 0 as UserFlags,
      flags: 0 as UserFlags,
      ...(spec.bot ? { bot: true } : {}),
    };
    this.users.set(id, user);
    return user;
  }

  guild(id: string): GuildState {
    const g = this.guilds.get(id);
    if (!g) throw new Error(`Unknown guild ${id}`);
    return g;
  }

  createGuild(spec: GuildSpec): GuildState {
    const id = spec.id ?? this.ids.next();
    const memberSpecs = spec.members ?? [{ username: 'alice' }];
    const humans = memberSpecs.map((m) => this.users.get(m.id ?? '') ?? this.addUser(m));
    const guild = new GuildState(
      id,
      spec.name ?? 'Paperboy Test Guild',
      humans[0]?.id ?? this.addUser({}).id,
      new Date(this.now()).toISOString(),
    );
    this.guilds.set(id, guild);
    this.addRole(guild, {
      id,
      name: '@everyone',
      permissions: resolvePermissions(spec.everyonePermissions, DEFAULT_EVERYONE_PERMISSIONS),
      position: 0,
    });
    const botRole = this.addRole(guild, {
      name: this.bot.username,
      permissions: resolvePermissions(spec.botPermissions, DEFAULT_BOT_PERMISSIONS),
      position: 1,
    });
    botRole.managed = true;
    botRole.botId = this.bot.id;
    guild.botRoleId = botRole.id;
    for (const r of spec.roles ?? []) this.addRole(guild, r);
    this.addMember(guild, { id: this.bot.id, roles: [botRole.id, ...(spec.botRoles ?? [])] });
    memberSpecs.forEach((m, i) => this.addMember(guild, { ...m, id: humans[i]!.id }));
    for (const c of spec.channels ?? [{ name: 'general' }]) this.addChannel(guild, c);
    return guild;
  }

  addRole(guild: GuildState, spec: RoleSpec): RoleState {
    const role: RoleState = {
      id: spec.id ?? this.ids.next(),
      name: spec.name,
      permissions: resolvePermissions(spec.permissions, 0n),
      position: spec.position ?? guild.roles.size,
      color: spec.color ?? 0,
      managed: false,
      mentionable: spec.mentionable ?? false,
      botId: null,
    };
    guild.roles.set(role.id, role);
    return role;
  }

  addMember(guild: GuildState, spec: MemberSpec): MemberState {
    const user = (spec.id && this.users.get(spec.id)) || this.addUser(spec);
    const member: MemberState = {
      userId: user.id,
      roles: (spec.roles ?? []).map((r) => guild.role(r).id),
      nick: spec.nick ?? null,
      joinedAt: new Date(this.now()).toISOString(),
    };
    guild.members.set(user.id, member);
    return member;
  }

  /** The member for a user id, creating user and member on first use (load tests use many). */
  ensureMember(guild: GuildState, userId?: string): MemberState {
    if (userId === undefined) {
      for (const m of guild.members.values()) if (m.userId !== this.bot.id) return m;
      return this.addMember(guild, {});
    }
    return guild.members.get(userId) ?? this.addMember(guild, { id: userId });
  }

  addChannel(guild: GuildState, spec: ChannelSpec): ChannelState {
    const parent = spec.parent ? guild.channel(spec.parent).id : null;
    const channel: ChannelState = {
      id: spec.id ?? this.ids.next(),
      guildId: guild.id,
      type: KIND_TO_TYPE[spec.kind ?? 'text'],
      name: spec.name,
      topic: spec.topic ?? null,
      parentId: parent,
      position: spec.position ?? guild.channels.size,
      nsfw: spec.nsfw ?? false,
      overwrites: [],
      lastMessageId: null,
      thread: null,
    };
    channel.overwrites = (spec.overwrites ?? []).map((o) => this.resolveOverwrite(guild, o));
    guild.channels.set(channel.id, channel);
    this.channels.set(channel.id, channel);
    return channel;
  }

  resolveOverwrite(guild: GuildState, spec: OverwriteSpec): PermissionOverwrite {
    const allow = resolvePermissions(spec.allow, 0n);
    const deny = resolvePermissions(spec.deny, 0n);
    if (spec.target === 'bot') return { id: this.bot.id, type: OverwriteType.Member, allow, deny };
    if (guild.members.has(spec.target)) return { id: spec.target, type: OverwriteType.Member, allow, deny };
    return { id: guild.role(spec.target).id, type: OverwriteType.Role, allow, deny };
  }

  deleteChannel(id: string): ChannelState | undefined {
    const channel = this.channels.get(id);
    if (!channel) return undefined;
    this.channels.delete(id);
    this.guilds.get(channel.guildId)?.channels.delete(id);
    this.messages.dropChannel(id);
    return channel;
  }

  /** Effective permissions of a user in a channel (threads inherit from their parent). */
  permissionsIn(channelId: string, userId: string): bigint {
    const channel = this.channels.get(channelId);
    if (!channel) return 0n;
    const source = channel.thread && channel.parentId ? (this.channels.get(channel.parentId) ?? channel) : channel;
    // A guild the bot was removed from: its channels remain, and nothing in them is visible to the bot.
    const guild = this.guilds.get(channel.guildId);
    if (!guild) return 0n;
    return computeChannelPermissions(this.#subject(guild, userId), source.overwrites);
  }

  /** Guild-wide permissions of a user (roles only, no channel overwrites). */
  guildPermissions(guild: GuildState, userId: string): bigint {
    return computeBasePermissions(this.#subject(guild, userId));
  }

  #subject(guild: GuildState, userId: string): PermissionSubject {
    const member = guild.members.get(userId);
    return { guildId: guild.id, ownerId: guild.ownerId, userId, roleIds: member?.roles ?? [], roles: guild.roles };
  }
}
