import {
  MessageFlags,
  type ChatInputCommandInteraction,
  type Guild,
  type SlashCommandSubcommandBuilder,
} from 'discord.js';
import { z } from 'zod';
import type { BotContext } from '../../src/app/context.ts';
import { missingPermissions } from '../../src/discord/channel-permissions.ts';
import { channelOption, readOptions } from '../../src/discord/read-options.ts';
import { settingsText, WEEKDAYS } from '../../src/discord/settings-text.ts';
import { UserError } from '../../src/discord/user-error.ts';
import { isValidTimeZone, parseClock } from '../../src/schedule/zoned-time.ts';
import type { GuildSettings } from '../../src/settings/guild-settings-store.ts';
import { parseVoteEmoji, VoteEmojiError } from '../../src/votes/vote-emoji.ts';
import { weeklyStartingLastWeek } from '../../src/weekly/weekly-due.ts';
import { TEXT_CHANNELS } from './channel-option.ts';
import { requireManager } from './require-manager.ts';

export const definition = (s: SlashCommandSubcommandBuilder) =>
  s
    .setName('settings')
    .setDescription("Show or change this server's Paperboy settings")
    .addChannelOption((o) =>
      o
        .setName('log-channel')
        .setDescription('Where to report problems')
        .addChannelTypes(...TEXT_CHANNELS),
    )
    .addBooleanOption((o) => o.setName('log-channel-off').setDescription('Stop reporting problems to a channel'))
    .addStringOption((o) =>
      o
        .setName('empty-day')
        .setDescription('On days without papers')
        .addChoices({ name: 'post nothing', value: 'silent' }, { name: 'post a short note', value: 'note' }),
    )
    .addStringOption((o) =>
      o.setName('vote-emoji').setDescription('Reactions that count as upvotes, e.g. 👍 ⬆️ 🔥 ⭐').setMaxLength(300),
    )
    .addChannelOption((o) =>
      o
        .setName('weekly-digest')
        .setDescription("Post the week's most upvoted papers here once a week")
        .addChannelTypes(...TEXT_CHANNELS),
    )
    .addStringOption((o) =>
      o
        .setName('weekly-day')
        .setDescription('Day of the weekly digest (default Monday)')
        .addChoices(...WEEKDAYS.map((d) => ({ name: d, value: d }))),
    )
    .addStringOption((o) =>
      o.setName('weekly-time').setDescription('Time of the weekly digest, HH:MM (default 09:00)').setMaxLength(5),
    )
    .addStringOption((o) =>
      o
        .setName('weekly-timezone')
        .setDescription('Time zone of the weekly digest (default UTC)')
        .setAutocomplete(true)
        .setMaxLength(64),
    )
    .addBooleanOption((o) => o.setName('weekly-off').setDescription('Stop the weekly digest'))
    .addBooleanOption((o) =>
      o.setName('weekly-poll').setDescription("Follow the weekly digest with a poll on the club's next read"),
    );

export const options = z.object({
  'log-channel': channelOption().optional(),
  'log-channel-off': z.boolean().default(false),
  'empty-day': z.enum(['silent', 'note']).optional(),
  'vote-emoji': z.string().optional(),
  'weekly-digest': channelOption().optional(),
  'weekly-day': z.enum(WEEKDAYS).optional(),
  'weekly-time': z.string().optional(),
  'weekly-timezone': z.string().optional(),
  'weekly-off': z.boolean().default(false),
  'weekly-poll': z.boolean().optional(),
});
type Options = z.output<typeof options>;

function checkWritable(guild: Guild, channelId: string): void {
  const channel = guild.channels.cache.get(channelId);
  const me = guild.members.me;
  const missing = missingPermissions(channel && me ? channel.permissionsFor(me) : null, false);
  if (missing.length)
    throw new UserError(
      `I can't write to <#${channelId}>: I'm missing ${missing.join(', ')} there. Nothing was changed.`,
    );
}

/** Reads and validates the weekly options before anything is saved, so a bad one changes nothing. */
function readWeekly(o: Options, ctx: BotContext, guildId: string) {
  const channel = o['weekly-digest'];
  const current = ctx.guildSettings.weekly(guildId);
  if (!channel && !current && (o['weekly-day'] || o['weekly-time'] || o['weekly-timezone'])) {
    throw new UserError('Pick the channel for the weekly digest with `weekly-digest` first. Nothing was changed.');
  }
  if (!channel && !current) return null;
  const time = o['weekly-time'];
  const minutes = time === undefined ? (current?.minutes ?? 540) : parseClock(time);
  if (minutes === null) throw new UserError('`weekly-time` must be a 24-hour time like 09:00. Nothing was changed.');
  const timezone = o['weekly-timezone']?.trim() ?? current?.timezone ?? 'UTC';
  if (!isValidTimeZone(timezone)) {
    throw new UserError('`weekly-timezone` must be a time zone name like Europe/Berlin or UTC. Nothing was changed.');
  }
  const dayName = o['weekly-day'];
  const weekday = dayName === undefined ? (current?.weekday ?? 1) : WEEKDAYS.indexOf(dayName);
  const changed =
    channel !== undefined || time !== undefined || dayName !== undefined || o['weekly-timezone'] !== undefined;
  return changed ? { channelId: channel?.id ?? current?.channelId ?? '', minutes, timezone, weekday } : null;
}

function readEmoji(typed: string | undefined): string[] | null {
  if (typed === undefined) return null;
  try {
    return parseVoteEmoji(typed);
  } catch (err) {
    if (err instanceof VoteEmojiError) throw new UserError(`${err.message} Nothing was changed.`);
    throw err;
  }
}

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const guild = requireManager(interaction);
  const o = readOptions(interaction, options);
  const change: Partial<Omit<GuildSettings, 'guildId'>> = {};
  const logChannel = o['log-channel'];
  if (logChannel) {
    checkWritable(guild, logChannel.id);
    change.logChannelId = logChannel.id;
  }
  if (o['log-channel-off']) change.logChannelId = null;
  if (o['empty-day']) change.emptyDay = o['empty-day'];
  const emoji = readEmoji(o['vote-emoji']);
  const weekly = readWeekly(o, ctx, guild.id);
  if (weekly) checkWritable(guild, weekly.channelId);
  const weeklyPoll = o['weekly-poll'];
  if (weeklyPoll && (o['weekly-off'] || (!weekly && !ctx.guildSettings.weekly(guild.id)))) {
    throw new UserError(
      'The weekly poll follows the weekly digest: turn the digest on with `weekly-digest` first. Nothing was changed.',
    );
  }

  const updated =
    Object.keys(change).length > 0 || emoji !== null || weekly !== null || o['weekly-off'] || weeklyPoll !== undefined;
  const current = Object.keys(change).length
    ? ctx.guildSettings.update(guild.id, change)
    : ctx.guildSettings.get(guild.id);
  if (emoji) ctx.guildSettings.setVoteEmoji(guild.id, emoji);
  if (weekly) {
    ctx.guildSettings.configureWeekly({
      guildId: guild.id,
      ...weekly,
      lastWeek: weeklyStartingLastWeek(weekly, ctx.now()),
    });
  }
  if (o['weekly-off']) ctx.guildSettings.weeklyOff(guild.id);
  if (weeklyPoll !== undefined) ctx.guildSettings.setWeeklyPoll(guild.id, weeklyPoll);
  await interaction.reply({
    content: settingsText({
      updated,
      settings: current,
      voteEmoji: ctx.guildSettings.voteEmoji(guild.id),
      weekly: ctx.guildSettings.weekly(guild.id),
      weeklyPoll: ctx.guildSettings.weeklyPoll(guild.id),
    }),
    flags: MessageFlags.Ephemeral,
    allowedMentions: { parse: [] },
  });
}
