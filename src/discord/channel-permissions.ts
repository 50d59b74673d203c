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

const FOR_POLLS = [...NEEDED, ['Send Polls', PermissionFlagsBits.SendPolls]] as const;
/** What Discord requires of the bot in a reading session's voice channel, and in its stage channel. */
const IN_VOICE = [
  ['View Channel', PermissionFlagsBits.ViewChannel],
  ['Connect', PermissionFlagsBits.Connect],
] as const;
const IN_STAGE = [
  ['View Channel', PermissionFlagsBits.ViewChannel],
  ['Manage Channels', PermissionFlagsBits.ManageChannels],
  ['Mute Members', PermissionFlagsBits.MuteMembers],
  ['Move Members', PermissionFlagsBits.MoveMembers],
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

/** The permissions the bot lacks to post a poll in a channel. */
export const missingToPoll = (granted: Readonly<PermissionsBitField> | null): string[] => lacking(granted, FOR_POLLS);

/** The permissions the bot lacks to hold a reading session's event in a voice or, with `stage`, a stage channel. */
export const missingForSession = (granted: Readonly<PermissionsBitField> | null, stage: boolean): string[] =>
  lacking(granted, stage ? IN_STAGE : IN_VOICE);
