import { MessageFlags, type ChatInputCommandInteraction, type SlashCommandSubcommandBuilder } from 'discord.js';
import type { BotContext } from '../../src/app/context.ts';
import { describeSubscription } from '../../src/discord/subscription-text.ts';
import { truncate } from '../../src/format/text.ts';
import { requireManager } from './require-manager.ts';

export const definition = (s: SlashCommandSubcommandBuilder) =>
  s.setName('list').setDescription("This server's subscriptions and their next run");

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const guild = requireManager(interaction);
  const subs = ctx.subscriptions.listGuild(guild.id);
  const content = subs.length
    ? `**Daily Papers subscriptions**\n${subs.map((s) => describeSubscription(s, ctx.now())).join('\n')}`
    : 'No channel here gets the Daily Papers yet. Start with `/papers subscribe channel:#papers`.';
  await interaction.reply({
    content: truncate(content, 2000),
    flags: MessageFlags.Ephemeral,
    allowedMentions: { parse: [] },
  });
}
