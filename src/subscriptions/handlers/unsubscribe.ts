import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../../app/bot-context.ts';
import { UserError } from '../../discord/user-error.ts';
import { requireManager } from './require-manager.ts';

export async function unsubscribe(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const guild = requireManager(interaction);
  const channelId = interaction.options.getChannel('channel', true).id;
  if (!ctx.subscriptions.remove(channelId, guild.id)) {
    throw new UserError(`<#${channelId}> has no subscription. \`/papers list\` shows this server's.`);
  }
  await interaction.reply({ content: `Unsubscribed <#${channelId}>: no more daily posts there.`, flags: MessageFlags.Ephemeral });
}
