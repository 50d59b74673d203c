import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../../app/bot-context.ts';
import { truncate } from '../../format/text.ts';
import { describeSubscription } from '../describe.ts';
import { requireManager } from './require-manager.ts';

export async function list(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const guild = requireManager(interaction);
  const subs = ctx.subscriptions.listGuild(guild.id);
  const content = subs.length
    ? `**Daily Papers subscriptions**\n${subs.map((s) => describeSubscription(s, ctx.now())).join('\n')}`
    : 'No channel here gets the Daily Papers yet. Start with `/papers subscribe channel:#papers`.';
  await interaction.reply({ content: truncate(content, 2000), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
}
