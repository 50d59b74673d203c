/** Builds INTERACTION_CREATE payloads (commands, autocomplete, components, modals) from emulator state. */
import { randomBytes } from 'node:crypto';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ComponentType,
  InteractionContextType,
  InteractionType,
  Locale,
} from 'discord-api-types/v10';
import type {
  APIApplicationCommandOption,
  APIInteractionDataResolved,
  APIMessage,
  APIApplicationCommandInteractionDataOption,
} from 'discord-api-types/v10';
import { channelJSON, interactionMemberJSON, memberJSON, roleJSON } from './serialize.ts';
import { resolvePermissions } from './permissions.ts';
import type { PermissionInput } from './permissions.ts';
import type { EmulatorState, GuildState } from './state.ts';

export type OptionValue =
  string | number | boolean | { type: ApplicationCommandOptionType; value: string | number | boolean };

export interface InteractionBase {
  channelId: string;
  /** Defaults to the channel's guild. */
  guildId?: string;
  /** Defaults to the guild's first human member; unknown ids become new members. */
  userId?: string;
  /** Override the invoking member's permissions (default: computed from roles + overwrites). */
  memberPermissions?: PermissionInput;
  locale?: Locale;
  /** The largest attachment, in bytes, Discord lets the bot send in reply (default 10 MiB, a server without boosts). */
  attachmentSizeLimit?: number;
}

export interface SlashCommandSpec extends InteractionBase {
  name: string;
  subcommandGroup?: string;
  subcommand?: string;
  options?: Record<string, OptionValue>;
}

export interface AutocompleteSpec extends SlashCommandSpec {
  /** Name of the option being typed; its value in `options` is the partial text. */
  focused: string;
}

export interface ComponentSpec extends InteractionBase {
  messageId: string;
  customId: string;
  /** Selected values, for select menus. */
  values?: string[];
}

export interface ModalSubmitSpec extends InteractionBase {
  customId: string;
  fields: Record<string, string>;
  messageId?: string;
}

type Data = Record<string, unknown>;

/** Common envelope of every interaction in a guild channel. */
export function envelope(
  state: EmulatorState,
  spec: InteractionBase,
  type: InteractionType,
): {
  payload: Data;
  guild: GuildState;
  userId: string;
} {
  const channel = state.channels.get(spec.channelId);
  if (!channel) throw new Error(`Unknown channel ${spec.channelId}`);
  const guild = state.guild(spec.guildId ?? channel.guildId);
  const member = state.ensureMember(guild, spec.userId);
  const userPerms =
    spec.memberPermissions !== undefined
      ? resolvePermissions(spec.memberPermissions)
      : state.permissionsIn(channel.id, member.userId);
  const payload: Data = {
    id: state.ids.next(),
    application_id: state.applicationId,
    type,
    token: `aW50ZXJhY3Rpb246${randomBytes(48).toString('base64url')}`,
    version: 1,
    guild_id: guild.id,
    guild: { id: guild.id, locale: Locale.EnglishUS, features: [] },
    channel_id: channel.id,
    channel: channelJSON(channel, { permissions: userPerms }),
    member: interactionMemberJSON(state, member, userPerms),
    app_permissions: state.permissionsIn(channel.id, state.bot.id).toString(),
    locale: spec.locale ?? Locale.EnglishUS,
    guild_locale: Locale.EnglishUS,
    entitlements: [],
    authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: guild.id },
    context: InteractionContextType.Guild,
    attachment_size_limit: spec.attachmentSizeLimit ?? 10_485_760,
  };
  return { payload, guild, userId: member.userId };
}

function registeredCommand(state: EmulatorState, guildId: string, name: string) {
  const match = (c: { name: string; type?: ApplicationCommandType }) =>
    c.name === name && (c.type ?? ApplicationCommandType.ChatInput) === ApplicationCommandType.ChatInput;
  return state.guildCommands.get(guildId)?.find(match) ?? state.globalCommands.find(match);
}

function inferType(v: string | number | boolean): ApplicationCommandOptionType {
  if (typeof v === 'boolean') return ApplicationCommandOptionType.Boolean;
  if (typeof v === 'number')
    return Number.isInteger(v) ? ApplicationCommandOptionType.Integer : ApplicationCommandOptionType.Number;
  return ApplicationCommandOptionType.String;
}

function addResolved(
  state: EmulatorState,
  guild: GuildState,
  resolved: APIInteractionDataResolved,
  type: ApplicationCommandOptionType,
  id: string,
  channelId: string,
): void {
  const asUser = () => {
    const member = guild.members.get(id);
    const user = state.users.get(id) ?? state.addUser({ id });
    (resolved.users ??= {})[id] = user;
    if (member) {
      const { user: _omit, deaf: _d, mute: _m, ...rest } = memberJSON(state, member);
      (resolved.members ??= {})[id] = { ...rest, permissions: state.permissionsIn(channelId, id).toString() };
    }
  };
  if (type === ApplicationCommandOptionType.User) asUser();
  else if (type === ApplicationCommandOptionType.Role) (resolved.roles ??= {})[id] = roleJSON(guild.role(id));
  else if (type === ApplicationCommandOptionType.Mentionable) {
    if (guild.roles.has(id)) (resolved.roles ??= {})[id] = roleJSON(guild.role(id));
    else asUser();
  } else if (type === ApplicationCommandOptionType.Channel) {
    const ch = state.channels.get(id);
    if (!ch) throw new Error(`Unknown channel option ${id}`);
    const { id: cid, name, type: ctype, parent_id, thread_metadata } = channelJSON(ch) as unknown as Data;
    (resolved.channels ??= {})[id] = {
      id: cid,
      name,
      type: ctype,
      permissions: state.permissionsIn(ch.id, state.bot.id).toString(),
      ...(ch.thread ? { parent_id, thread_metadata } : {}),
    } as never;
  }
}

/** data for a chat-input command or autocomplete interaction. */
export function commandData(state: EmulatorState, guild: GuildState, spec: SlashCommandSpec, focused?: string): Data {
  const command = registeredCommand(state, guild.id, spec.name);
  let defs: readonly APIApplicationCommandOption[] = command?.options ?? [];
  const pick = (name: string) => {
    const def = defs.find((o) => o.name === name);
    defs = def && 'options' in def && def.options ? def.options : [];
  };
  if (spec.subcommandGroup) pick(spec.subcommandGroup);
  if (spec.subcommand) pick(spec.subcommand);
  const resolved: APIInteractionDataResolved = {};
  const leaf = Object.entries(spec.options ?? {}).map(([name, raw]) => {
    const explicit = typeof raw === 'object' ? raw : null;
    const value = explicit ? explicit.value : (raw as string | number | boolean);
    const type = explicit?.type ?? defs.find((d) => d.name === name)?.type ?? inferType(value);
    const isFocused = focused === name;
    if (!isFocused) addResolved(state, guild, resolved, type, String(value), String(spec.channelId));
    return { name, type, value: isFocused ? String(value) : value, ...(isFocused ? { focused: true } : {}) };
  });
  let options = leaf as unknown as APIApplicationCommandInteractionDataOption[];
  if (spec.subcommand)
    options = [{ type: ApplicationCommandOptionType.Subcommand, name: spec.subcommand, options } as never];
  if (spec.subcommandGroup)
    options = [{ type: ApplicationCommandOptionType.SubcommandGroup, name: spec.subcommandGroup, options } as never];
  return {
    id: command?.id ?? state.ids.next(),
    name: spec.name,
    type: ApplicationCommandType.ChatInput,
    ...(command?.guild_id ? { guild_id: command.guild_id } : {}),
    options,
    ...(Object.keys(resolved).length ? { resolved } : {}),
  };
}

/** Finds a component by custom_id anywhere in a message's component tree. */
export function findComponent(message: APIMessage, customId: string): Data | undefined {
  const stack: unknown[] = [...(message.components ?? [])];
  while (stack.length) {
    const c = stack.pop() as Data;
    if (c.custom_id === customId) return c;
    for (const key of ['components', 'accessory'] as const) {
      const child = c[key];
      if (Array.isArray(child)) stack.push(...(child as unknown[]));
      else if (child) stack.push(child);
    }
  }
  return undefined;
}

export function componentData(state: EmulatorState, guild: GuildState, message: APIMessage, spec: ComponentSpec): Data {
  const component = findComponent(message, spec.customId);
  if (!component) throw new Error(`Message ${message.id} has no component with custom_id ${spec.customId}`);
  if (component.disabled === true)
    throw new Error(`Component ${spec.customId} is disabled; Discord would not send a click`);
  const type = component.type as ComponentType;
  const data: Data = { custom_id: spec.customId, component_type: type };
  if (type !== ComponentType.Button) {
    data.values = spec.values ?? [];
    const kind = {
      [ComponentType.UserSelect]: ApplicationCommandOptionType.User,
      [ComponentType.RoleSelect]: ApplicationCommandOptionType.Role,
      [ComponentType.MentionableSelect]: ApplicationCommandOptionType.Mentionable,
      [ComponentType.ChannelSelect]: ApplicationCommandOptionType.Channel,
    }[type as number];
    if (kind !== undefined) {
      const resolved: APIInteractionDataResolved = {};
      for (const v of spec.values ?? []) addResolved(state, guild, resolved, kind, v, spec.channelId);
      data.resolved = resolved;
    }
  }
  return data;
}

export function modalData(spec: ModalSubmitSpec): Data {
  return {
    custom_id: spec.customId,
    components: Object.entries(spec.fields).map(([customId, value]) => ({
      type: ComponentType.ActionRow,
      components: [{ type: ComponentType.TextInput, custom_id: customId, value }],
    })),
  };
}
