import { MessageFlags, type ChatInputCommandInteraction, type SlashCommandSubcommandBuilder } from 'discord.js';
import { z } from 'zod';
import type { BotContext } from '../../src/app/context.ts';
import { channelOption, readOptions } from '../../src/discord/read-options.ts';
import { UserError } from '../../src/discord/user-error.ts';
import { withChannel } from './channel-option.ts';
import { requireManager } from './require-manager.ts';

export const definition = (s: SlashCommandSubcommandBuilder) =>
  withChannel(s.setName('unsubscribe').setDescription('Stop posting in a channel'), 'The channel to stop');

export const options = z.object({ channel: channelOption() });

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const guild = requireManager(interaction);
  const channelId = readOptions(interaction, options).channel.id;
  if (!ctx.subscriptions.remove(channelId, guild.id)) {
    throw new UserError(`<#${channelId}> has no subscription. \`/papers list\` shows this server's.`);
  }
  // Posts still waiting (retries after an outage) stop now; what was sent stays recorded, so subscribing
  // again never repeats a paper.
  ctx.deliveries.stopChannel(channelId, 'unsubscribed');
  await interaction.reply({
    content: `Unsubscribed <#${channelId}>: no more daily posts there.`,
    flags: MessageFlags.Ephemeral,
  });
}
