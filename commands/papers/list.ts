import { MessageFlags, type ChatInputCommandInteraction, type SlashCommandSubcommandBuilder } from 'discord.js';
import type { BotContext } from '../../src/app/context.ts';
import { describeSubscription, type TooFewUpvotes } from '../../src/discord/subscription-text.ts';
import { truncate } from '../../src/format/text.ts';
import { requireManager } from './require-manager.ts';

export const definition = (s: SlashCommandSubcommandBuilder) =>
  s.setName('list').setDescription("This server's subscriptions and their next run");

/** Whether rank:server-taste falls back to HF upvotes, by the same count and threshold the delivery's model uses. */
async function tooFewUpvotes(ctx: BotContext, guildId: string): Promise<TooFewUpvotes | null> {
  const upvotes = await ctx.taste.serverUpvotes(guildId);
  return upvotes.have < upvotes.need ? upvotes : null;
}

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const guild = requireManager(interaction);
  const subs = ctx.subscriptions.listGuild(guild.id);
  const tasteful = subs.some((s) => s.rank === 'server-taste' && s.enabled);
  // The count may wait for the recommender's first feature build: answer Discord before that.
  if (tasteful) await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const tooFew = tasteful ? await tooFewUpvotes(ctx, guild.id) : null;
  const content = subs.length
    ? `**Daily Papers subscriptions**\n${subs.map((s) => describeSubscription(s, ctx.now(), tooFew)).join('\n')}`
    : 'No channel here gets the Daily Papers yet. Start with `/papers subscribe channel:#papers`.';
  const reply = { content: truncate(content, 2000), allowedMentions: { parse: [] } };
  if (tasteful) await interaction.editReply(reply);
  else await interaction.reply({ ...reply, flags: MessageFlags.Ephemeral });
}
