import { EmbedBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../../app/bot-context.ts';
import { LIMITS } from '../../discord/limits.ts';
import { UserError } from '../../discord/user-error.ts';
import { arxivLinks } from '../../papers/arxiv-id.ts';
import { truncate } from '../../format/text.ts';
import { isPeriod, periodStart, type Period } from '../periods.ts';

const PERIOD_TEXT: Record<Period, string> = { today: 'today', week: 'this week', month: 'this month', year: 'this year', all: 'of all time' };

/** `/paper top`: what this server's members upvoted most in a period. */
export async function top(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  if (!interaction.inGuild()) throw new UserError('Use this command in a server: votes count per server.');
  const raw = interaction.options.getString('period') ?? 'week';
  const period: Period = isPeriod(raw) ? raw : 'week';
  const sort = interaction.options.getString('sort') === 'hot' ? 'hot' : 'votes';
  const limit = interaction.options.getInteger('limit') ?? 10;
  const entries = ctx.votes.top(interaction.guildId, { since: periodStart(period, ctx.now()), limit, sort, now: ctx.now() });
  if (entries.length === 0) {
    throw new UserError(`No paper was upvoted here ${PERIOD_TEXT[period]}. Try a longer period, or upvote a paper with its ▲ button.`);
  }
  const lines = entries.map(({ paper, votes }, i) => {
    const title = truncate(paper.title, 120).replace(/[[\]]/g, '');
    return `**${i + 1}.** [${title}](${arxivLinks(paper.id).hf}) · ▲ ${votes} here · ${paper.hfUpvotes} on HF`;
  });
  const embed = new EmbedBuilder()
    .setColor(0xffd21e)
    .setTitle(`Top papers ${PERIOD_TEXT[period]}${sort === 'hot' ? ' (hot)' : ''}`)
    .setDescription(truncate(lines.join('\n'), LIMITS.embedDescription))
    .setFooter({ text: sort === 'hot' ? 'Hot: server votes and HF upvotes, decaying with age' : 'By server votes, then HF upvotes' });
  await interaction.reply({ embeds: [embed], allowedMentions: { parse: [] } });
}
