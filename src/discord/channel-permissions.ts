import { PermissionFlagsBits, type PermissionsBitField } from 'discord.js';

const NEEDED = [
  ['View Channel', PermissionFlagsBits.ViewChannel],
  ['Send Messages', PermissionFlagsBits.SendMessages],
  ['Embed Links', PermissionFlagsBits.EmbedLinks],
] as const;
const FOR_THREADS = [
  ['Create Public Threads', PermissionFlagsBits.CreatePublicThreads],
  ['Send Messages in Threads', PermissionFlagsBits.SendMessagesInThreads],
] as const;

type Needed = readonly (readonly [name: string, flag: bigint])[];

/** The names (as in Discord's settings) of the `needed` permissions that `granted` lacks. */
const lacking = (granted: Readonly<PermissionsBitField> | null, needed: Needed): string[] =>
  needed.filter(([, flag]) => !granted?.has(flag, true)).map(([name]) => name);

/** The permissions the bot lacks in a channel for a subscription. */
export const missingPermissions = (granted: Readonly<PermissionsBitField> | null, threads: boolean): string[] =>
  lacking(granted, threads ? [...NEEDED, ...FOR_THREADS] : NEEDED);

/** The permissions the bot lacks to post an embed in a channel or, with `inThread`, in a thread. */
export const missingToPost = (granted: Readonly<PermissionsBitField> | null, inThread: boolean): string[] =>
  lacking(granted, inThread ? [NEEDED[0], FOR_THREADS[1], NEEDED[2]] : NEEDED);
