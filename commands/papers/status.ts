import { MessageFlags, type ChatInputCommandInteraction, type SlashCommandSubcommandBuilder } from 'discord.js';
import type { BotContext } from '../../src/app/context.ts';
import { describeFetch, describeSubscription } from '../../src/discord/subscription-text.ts';
import { truncate } from '../../src/format/text.ts';
import { requireManager } from './require-manager.ts';

export const definition = (s: SlashCommandSubcommandBuilder) =>
  s.setName('status').setDescription('Recent fetches and the state of each subscription');

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const guild = requireManager(interaction);
  const days = ctx.fetchLog.recentDays(7).map(describeFetch);
  const subs = ctx.subscriptions.listGuild(guild.id).map((s) => describeSubscription(s, ctx.now()));
  const content = [
    '**Hugging Face fetches**',
    days.length ? days.join('\n') : 'None yet.',
    '',
    '**Subscriptions**',
    subs.length ? subs.join('\n') : 'None. Start with `/papers subscribe`.',
  ].join('\n');
  await interaction.reply({
    content: truncate(content, 2000),
    flags: MessageFlags.Ephemeral,
    allowedMentions: { parse: [] },
  });
}
