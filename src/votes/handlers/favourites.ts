import { EmbedBuilder, MessageFlags, time, TimestampStyles, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../../app/bot-context.ts';
import { LIMITS } from '../../discord/limits.ts';
import { UserError } from '../../discord/user-error.ts';
import { arxivLinks } from '../../papers/arxiv-id.ts';
import { truncate } from '../../format/text.ts';

const PAGE = 10;

/** `/paper favourites [member] [page]`: the papers a member upvoted here, newest vote first. */
export async function favourites(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  if (!interaction.inGuild()) throw new UserError('Use this command in a server: votes count per server.');
  const user = interaction.options.getUser('member') ?? interaction.user;
  const page = Math.max(1, interaction.options.getInteger('page') ?? 1);
  const { total, items } = ctx.votes.favourites(interaction.guildId, user.id, { offset: (page - 1) * PAGE, limit: PAGE });
  const pages = Math.max(1, Math.ceil(total / PAGE));
  const who = user.id === interaction.user.id ? 'You have' : `<@${user.id}> has`;
  if (total === 0) throw new UserError(`${who} not upvoted any paper in this server yet.`);
  if (items.length === 0) throw new UserError(`There are only ${pages} page(s) of favourites.`);
  const lines = items.map(({ paper, votedAt }, i) => {
    const n = (page - 1) * PAGE + i + 1;
    return `**${n}.** [${truncate(paper.title, 120).replace(/[[\]]/g, '')}](${arxivLinks(paper.id).hf}) · ${time(new Date(votedAt), TimestampStyles.RelativeTime)}`;
  });
  const embed = new EmbedBuilder()
    .setColor(0xffd21e)
    .setTitle(truncate(`Favourites of ${user.displayName ?? user.username}`, LIMITS.embedTitle))
    .setDescription(truncate(lines.join('\n'), LIMITS.embedDescription))
    .setFooter({ text: `Page ${page} of ${pages} · ${total} paper(s)${page < pages ? ` · next: page:${page + 1}` : ''}` });
  await interaction.reply({ embeds: [embed], flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
}
