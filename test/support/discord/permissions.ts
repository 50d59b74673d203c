/**
 * Permission arithmetic as Discord does it: base permissions from @everyone + member roles,
 * then channel overwrites (@everyone, then the union of role overwrites, then the member's).
 */
import { OverwriteType, PermissionFlagsBits } from 'discord-api-types/v10';

export type PermissionName = keyof typeof PermissionFlagsBits;
/** A bitfield (bigint or decimal string) or a list of flag names such as ['SendMessages']. */
export type PermissionInput = bigint | string | readonly PermissionName[];

export const ALL_PERMISSIONS: bigint = Object.values(PermissionFlagsBits).reduce((a, b) => a | b, 0n);

export function resolvePermissions(input: PermissionInput | undefined, fallback = 0n): bigint {
  if (input === undefined) return fallback;
  if (typeof input === 'bigint') return input;
  if (typeof input === 'string') return BigInt(input);
  let bits = 0n;
  for (const name of input) {
    const flag = PermissionFlagsBits[name];
    if (flag === undefined) throw new Error(`Unknown permission name: ${String(name)}`);
    bits |= flag;
  }
  return bits;
}

export function hasPermission(bits: bigint, flag: bigint): boolean {
  return (bits & flag) === flag;
}

/** Roughly what a fresh guild gives @everyone. */
export const DEFAULT_EVERYONE_PERMISSIONS = resolvePermissions([
  'CreateInstantInvite',
  'ChangeNickname',
  'ViewChannel',
  'SendMessages',
  'SendMessagesInThreads',
  'CreatePublicThreads',
  'CreatePrivateThreads',
  'EmbedLinks',
  'AttachFiles',
  'AddReactions',
  'UseExternalEmojis',
  'UseExternalStickers',
  'ReadMessageHistory',
  'UseApplicationCommands',
  'Connect',
  'Speak',
  'Stream',
  'UseVAD',
  'SendVoiceMessages',
  'SendPolls',
  'UseEmbeddedActivities',
]);

/** What a bot invite typically grants Paperboy's managed role. */
export const DEFAULT_BOT_PERMISSIONS = resolvePermissions([
  'ViewChannel',
  'SendMessages',
  'SendMessagesInThreads',
  'CreatePublicThreads',
  'ManageThreads',
  'EmbedLinks',
  'AttachFiles',
  'ReadMessageHistory',
  'AddReactions',
  'UseExternalEmojis',
]);

export interface PermissionRole {
  id: string;
  permissions: bigint;
}
export interface PermissionOverwrite {
  id: string;
  type: OverwriteType;
  allow: bigint;
  deny: bigint;
}

export interface PermissionSubject {
  guildId: string;
  ownerId: string;
  userId: string;
  roleIds: readonly string[];
  roles: ReadonlyMap<string, PermissionRole>;
}

export function computeBasePermissions(s: PermissionSubject): bigint {
  if (s.userId === s.ownerId) return ALL_PERMISSIONS;
  let bits = s.roles.get(s.guildId)?.permissions ?? 0n;
  for (const roleId of s.roleIds) bits |= s.roles.get(roleId)?.permissions ?? 0n;
  if (hasPermission(bits, PermissionFlagsBits.Administrator)) return ALL_PERMISSIONS;
  return bits;
}

export function computeChannelPermissions(s: PermissionSubject, overwrites: readonly PermissionOverwrite[]): bigint {
  let bits = computeBasePermissions(s);
  if (bits === ALL_PERMISSIONS) return bits;
  const everyone = overwrites.find((o) => o.id === s.guildId);
  if (everyone) bits = (bits & ~everyone.deny) | everyone.allow;
  let allow = 0n;
  let deny = 0n;
  for (const o of overwrites) {
    if (o.type === OverwriteType.Role && o.id !== s.guildId && s.roleIds.includes(o.id)) {
      allow |= o.allow;
      deny |= o.deny;
    }
  }
  bits = (bits & ~deny) | allow;
  const member = overwrites.find((o) => o.type === OverwriteType.Member && o.id === s.userId);
  if (member) bits = (bits & ~member.deny) | member.allow;
  // Without View Channel nothing else in the channel is usable.
  if (!hasPermission(bits, PermissionFlagsBits.ViewChannel)) return 0n;
  return bits;
}
