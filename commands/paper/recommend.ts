import { MessageFlags, type ChatInputCommandInteraction, type SlashCommandSubcommandBuilder } from 'discord.js';
import { z } from 'zod';
import type { BotContext } from '../../src/app/context.ts';
import { rankingEmbed } from '../../src/discord/ranking-layout.ts';
import { readOptions } from '../../src/discord/read-options.ts';
import { recommendEmbed, tooFewVotesText, type RecommendedPaper } from '../../src/discord/recommend-layout.ts';
import { UserError } from '../../src/discord/user-error.ts';
import { periodStart } from '../../src/votes/periods.ts';

export const definition = (s: SlashCommandSubcommandBuilder) =>
  s
    .setName('recommend')
    .setDescription('Papers of the last Daily Papers lists, ranked by what you (or this server) upvoted')
    .addStringOption((o) =>
      o
        .setName('for')
        .setDescription('Whose upvotes to learn from (default me)')
        .addChoices({ name: 'me', value: 'me' }, { name: 'server', value: 'server' }),
    )
    .addIntegerOption((o) =>
      o.setName('days').setDescription('How many of the last lists (default 7)').setMinValue(1).setMaxValue(30),
    )
    .addIntegerOption((o) => o.setName('limit').setDescription('How many (default 10)').setMinValue(1).setMaxValue(25));

export const options = z.object({
  for: z.enum(['me', 'server']).default('me'),
  days: z.number().int().min(1).max(30).default(7),
  limit: z.number().int().min(1).max(25).default(10),
});

/**
 * `/paper recommend`: the not yet upvoted papers of the last `days` lists, ranked by a model of the member's (or
 * the server's) upvotes. A member's own recommendations are private; the server's are posted for everyone.
 */
export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  if (!interaction.inGuild()) throw new UserError('Use this command in a server: votes count per server.');
  const { for: scope, days, limit } = readOptions(interaction, options);
  const flags = scope === 'me' ? MessageFlags.Ephemeral : undefined;
  // Training, or building the features after new papers, may take longer than Discord's 3 s to answer.
  await interaction.deferReply(flags ? { flags } : {});
  const { guildId } = interaction;
  const result = await ctx.taste.recommend({
    guildId,
    userId: scope === 'me' ? interaction.user.id : null,
    lists: days,
    limit,
  });
  if (result.kind === 'too-few') {
    const now = ctx.now();
    const top = ctx.votes.top(guildId, { since: periodStart('week', now), limit, sort: 'votes', now });
    const embeds =
      top.length > 0
        ? [
            rankingEmbed(
              'Top papers this week',
              top.map(({ paper, votes }) => ({ paper, count: votes })),
              'By server votes, then HF upvotes',
            ),
          ]
        : [];
    await interaction.editReply({
      content: tooFewVotesText(scope, result.have, result.need, top.length > 0),
      embeds,
      allowedMentions: { parse: [] },
    });
    return;
  }
  const items = result.items.flatMap((item): RecommendedPaper[] => {
    const paper = ctx.papers.get(item.id);
    if (!paper) return [];
    const similarTo = item.similarTo ? ctx.papers.get(item.similarTo.id) : null;
    return [{ paper, similarTo, because: item.because }];
  });
  if (items.length === 0) {
    throw new UserError(
      `Every paper of the last ${days === 1 ? 'list' : `${days} lists`} was already upvoted` +
        `${scope === 'me' ? ' by you' : ' here'}, or none is stored yet. Try more days.`,
    );
  }
  await interaction.editReply({
    embeds: [recommendEmbed(scope, items, { lists: days, upvotes: result.upvotes })],
    allowedMentions: { parse: [] },
  });
}
