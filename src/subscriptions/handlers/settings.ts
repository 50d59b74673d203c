import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../../app/bot-context.ts';
import { UserError } from '../../discord/user-error.ts';
import { missingPermissions } from '../channel-permissions.ts';
import type { EmptyDay, GuildSettings } from '../guild-settings-store.ts';
import { requireManager } from './require-manager.ts';

export async function settings(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const guild = requireManager(interaction);
  const change: Partial<Omit<GuildSettings, 'guildId'>> = {};
  const logChannel = interaction.options.getChannel('log-channel');
  if (logChannel) {
    const channel = guild.channels.cache.get(logChannel.id);
    const me = guild.members.me;
    const missing = missingPermissions(channel && me ? channel.permissionsFor(me) : null, false);
    if (missing.length) throw new UserError(`I can't write to <#${logChannel.id}>: I'm missing ${missing.join(', ')} there. Nothing was changed.`);
    change.logChannelId = logChannel.id;
  }
  if (interaction.options.getBoolean('log-channel-off')) change.logChannelId = null;
  const emptyDay = interaction.options.getString('empty-day');
  if (emptyDay) change.emptyDay = emptyDay as EmptyDay;
  const current = Object.keys(change).length ? ctx.guildSettings.update(guild.id, change) : ctx.guildSettings.get(guild.id);
  await interaction.reply({
    content: [
      Object.keys(change).length ? '**Settings updated**' : '**Settings**',
      `Log channel: ${current.logChannelId ? `<#${current.logChannelId}>` : 'none'} (problems such as failed fetches are reported there)`,
      `Empty days: ${current.emptyDay === 'note' ? 'post a short note' : 'post nothing'}`,
    ].join('\n'),
    flags: MessageFlags.Ephemeral,
    allowedMentions: { parse: [] },
  });
}
