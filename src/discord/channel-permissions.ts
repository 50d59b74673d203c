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

/** The permissions the bot lacks in a channel for a subscription, by their names in Discord's settings. */
export function missingPermissions(granted: Readonly<PermissionsBitField> | null, threads: boolean): string[] {
  const needed = threads ? [...NEEDED, ...FOR_THREADS] : NEEDED;
  return needed.filter(([, flag]) => !granted?.has(flag, true)).map(([name]) => name);
}

/** The permissions the bot lacks to post an embed in a channel or, with `inThread`, in a thread. */
export function missingToPost(granted: Readonly<PermissionsBitField> | null, inThread: boolean): string[] {
  const needed = inThread
    ? [NEEDED[0], ['Send Messages in Threads', PermissionFlagsBits.SendMessagesInThreads] as const, NEEDED[2]]
    : NEEDED;
  return needed.filter(([, flag]) => !granted?.has(flag, true)).map(([name]) => name);
}
