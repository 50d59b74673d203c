import type { ChatInputCommandInteraction, SlashCommandSubcommandBuilder } from 'discord.js';
import { z } from 'zod';
import type { BotContext } from '../../src/app/context.ts';
import { rankingEmbed } from '../../src/discord/ranking-layout.ts';
import { readOptions } from '../../src/discord/read-options.ts';
import { UserError } from '../../src/discord/user-error.ts';
import type { Paper } from '../../src/papers/paper.ts';
import { periodStart, PERIODS, type Period } from '../../src/votes/periods.ts';

const PERIOD_TEXT: Record<Period, string> = {
  today: 'today',
  week: 'this week',
  month: 'this month',
  year: 'this year',
  all: 'of all time',
};

export const definition = (s: SlashCommandSubcommandBuilder) =>
  s
    .setName('top')
    .setDescription("This server's most upvoted papers")
    .addStringOption((o) =>
      o
        .setName('period')
        .setDescription('Votes cast in… (default week)')
        .addChoices(...PERIODS.map((p) => ({ name: p, value: p }))),
    )
    .addStringOption((o) =>
      o
        .setName('sort')
        .setDescription('votes (default); hot: votes and HF upvotes, decaying; discussed: messages in its thread')
        .addChoices(
          { name: 'votes', value: 'votes' },
          { name: 'hot', value: 'hot' },
          { name: 'discussed', value: 'discussed' },
        ),
    )
    .addIntegerOption((o) => o.setName('limit').setDescription('How many (default 10)').setMinValue(1).setMaxValue(25));

export const options = z.object({
  period: z.enum(PERIODS).default('week'),
  sort: z.enum(['votes', 'hot', 'discussed']).default('votes'),
  limit: z.number().int().min(1).max(25).default(10),
});

/** `/paper top`: what this server's members upvoted (or discussed) most in a period. */
export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  if (!interaction.inGuild()) throw new UserError('Use this command in a server: votes count per server.');
  const { period, sort, limit } = readOptions(interaction, options);
  if (sort === 'discussed') return discussed(interaction, ctx, period, limit);
  const entries = ctx.votes.top(interaction.guildId, {
    since: periodStart(period, ctx.now()),
    limit,
    sort,
    now: ctx.now(),
  });
  if (entries.length === 0) {
    throw new UserError(
      `No paper was upvoted here ${PERIOD_TEXT[period]}. Try a longer period, or upvote a paper with its ▲ button.`,
    );
  }
  const embed = rankingEmbed(
    `Top papers ${PERIOD_TEXT[period]}${sort === 'hot' ? ' (hot)' : ''}`,
    entries.map(({ paper, votes }) => ({ paper, count: votes })),
    sort === 'hot' ? 'Hot: server votes and HF upvotes, decaying with age' : 'By server votes, then HF upvotes',
  );
  await interaction.reply({ embeds: [embed], allowedMentions: { parse: [] } });
}

/** `/paper top sort:discussed`: the papers whose threads got the most messages from members in the period. */
async function discussed(
  interaction: ChatInputCommandInteraction<'cached' | 'raw'>,
  ctx: BotContext,
  period: Period,
  limit: number,
): Promise<void> {
  const since = periodStart(period, ctx.now());
  const entries = ctx.threadMessages
    .top(interaction.guildId, { since, limit })
    .map(({ paperId, messages }) => ({ paper: ctx.papers.get(paperId), count: messages }))
    .filter((e): e is { paper: Paper; count: number } => e.paper !== null);
  if (entries.length === 0) {
    throw new UserError(
      `No paper was discussed here ${PERIOD_TEXT[period]}: members' messages in a paper's thread count. ` +
        "Try a longer period, or open a paper's thread with its Discuss button.",
    );
  }
  const embed = rankingEmbed(
    `Most discussed papers ${PERIOD_TEXT[period]}`,
    entries,
    "By members' messages in the papers' threads",
    'messages',
  );
  await interaction.reply({ embeds: [embed], allowedMentions: { parse: [] } });
}
