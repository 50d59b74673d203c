import { MessageFlags, type ChatInputCommandInteraction, type Guild } from 'discord.js';
import type { BotContext } from '../../app/bot-context.ts';
import { UserError } from '../../discord/user-error.ts';
import { formatClock, isValidTimeZone, parseClock } from '../../schedule/zoned-time.ts';
import { getVoteEmoji, parseVoteEmoji, setVoteEmoji, VoteEmojiError } from '../../votes/vote-emoji.ts';
import { weeklyStartingLastWeek } from '../../weekly/weekly-due.ts';
import { missingPermissions } from '../channel-permissions.ts';
import type { EmptyDay, GuildSettings } from '../guild-settings-store.ts';
import { requireManager } from './require-manager.ts';

export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

function checkWritable(guild: Guild, channelId: string): void {
  const channel = guild.channels.cache.get(channelId);
  const me = guild.members.me;
  const missing = missingPermissions(channel && me ? channel.permissionsFor(me) : null, false);
  if (missing.length) throw new UserError(`I can't write to <#${channelId}>: I'm missing ${missing.join(', ')} there. Nothing was changed.`);
}

/** Reads and validates every option before anything is saved, so a bad one changes nothing. */
function readWeekly(interaction: ChatInputCommandInteraction, ctx: BotContext, guildId: string) {
  const o = interaction.options;
  const channel = o.getChannel('weekly-digest');
  const current = ctx.weekly.enabled().find((w) => w.guildId === guildId);
  if (!channel && !current && (o.getString('weekly-day') || o.getString('weekly-time') || o.getString('weekly-timezone'))) {
    throw new UserError('Pick the channel for the weekly digest with `weekly-digest` first. Nothing was changed.');
  }
  if (!channel && !current) return null;
  const time = o.getString('weekly-time');
  const minutes = time === null ? (current?.minutes ?? 540) : parseClock(time);
  if (minutes === null) throw new UserError('`weekly-time` must be a 24-hour time like 09:00. Nothing was changed.');
  const timezone = o.getString('weekly-timezone')?.trim() ?? current?.timezone ?? 'UTC';
  if (!isValidTimeZone(timezone)) throw new UserError('`weekly-timezone` must be a time zone name like Europe/Berlin or UTC. Nothing was changed.');
  const dayName = o.getString('weekly-day');
  const weekday = dayName === null ? (current?.weekday ?? 1) : WEEKDAYS.indexOf(dayName as (typeof WEEKDAYS)[number]);
  const changed = channel !== null || time !== null || dayName !== null || o.getString('weekly-timezone') !== null;
  return changed ? { channelId: channel?.id ?? current?.channelId ?? '', minutes, timezone, weekday } : null;
}

export async function settings(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const guild = requireManager(interaction);
  const o = interaction.options;
  const change: Partial<Omit<GuildSettings, 'guildId'>> = {};
  const logChannel = o.getChannel('log-channel');
  if (logChannel) {
    checkWritable(guild, logChannel.id);
    change.logChannelId = logChannel.id;
  }
  if (o.getBoolean('log-channel-off')) change.logChannelId = null;
  const emptyDay = o.getString('empty-day');
  if (emptyDay) change.emptyDay = emptyDay as EmptyDay;
  let emoji: string[] | null = null;
  const typedEmoji = o.getString('vote-emoji');
  if (typedEmoji !== null) {
    try {
      emoji = parseVoteEmoji(typedEmoji);
    } catch (err) {
      if (err instanceof VoteEmojiError) throw new UserError(`${err.message} Nothing was changed.`);
      throw err;
    }
  }
  const weekly = readWeekly(interaction, ctx, guild.id);
  if (weekly) checkWritable(guild, weekly.channelId);

  const updated = Object.keys(change).length > 0 || emoji !== null || weekly !== null || o.getBoolean('weekly-off') === true;
  const current = Object.keys(change).length ? ctx.guildSettings.update(guild.id, change) : ctx.guildSettings.get(guild.id);
  if (emoji) setVoteEmoji(ctx.db, guild.id, emoji);
  if (weekly) ctx.weekly.configure({ guildId: guild.id, ...weekly, lastWeek: weeklyStartingLastWeek(weekly, ctx.now()) });
  if (o.getBoolean('weekly-off')) ctx.weekly.turnOff(guild.id);
  const w = ctx.weekly.enabled().find((x) => x.guildId === guild.id);
  await interaction.reply({
    content: [
      updated ? '**Settings updated**' : '**Settings**',
      `Log channel: ${current.logChannelId ? `<#${current.logChannelId}>` : 'none'} (problems such as failed fetches are reported there)`,
      `Empty days: ${current.emptyDay === 'note' ? 'post a short note' : 'post nothing'}`,
      `Vote emoji: ${getVoteEmoji(ctx.db, guild.id).map((e) => (/^\d+$/.test(e) ? `<:e:${e}>` : e)).join(' ')}`,
      `Weekly digest: ${w ? `<#${w.channelId}>, ${WEEKDAYS[w.weekday]}s at ${formatClock(w.minutes)} ${w.timezone}` : 'off'}`,
    ].join('\n'),
    flags: MessageFlags.Ephemeral,
    allowedMentions: { parse: [] },
  });
}
