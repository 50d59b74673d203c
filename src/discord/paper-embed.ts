import { ButtonBuilder, ButtonStyle, ComponentType, EmbedBuilder } from 'discord.js';
import { arxivLinks } from '../papers/arxiv-id.ts';
import type { Paper } from '../papers/paper.ts';
import { paperBlurb } from '../papers/paper-text.ts';
import { formatAuthors, truncate } from '../format/text.ts';
import { LIMITS } from './limits.ts';

const HF_ORANGE = 0xffd21e;

/** The full card for one paper. Every field is cut to Discord's limits. */
export function paperEmbed(paper: Paper, opts: { blurbMax?: number; day?: string } = {}): EmbedBuilder {
  const links = arxivLinks(paper.id);
  const embed = new EmbedBuilder()
    .setColor(HF_ORANGE)
    .setTitle(truncate(paper.title, LIMITS.embedTitle))
    .setURL(links.hf)
    .setDescription(truncate(paperBlurb(paper, opts.blurbMax ?? 600), LIMITS.embedDescription))
    .addFields(
      { name: 'Authors', value: truncate(formatAuthors(paper.authors), LIMITS.fieldValue) },
      { name: 'Upvotes', value: `▲ ${paper.hfUpvotes}`, inline: true },
      { name: 'Comments', value: `💬 ${paper.numComments}`, inline: true },
    );
  if (paper.githubStars !== null) embed.addFields({ name: 'GitHub', value: `★ ${paper.githubStars}`, inline: true });
  if (paper.thumbnail) embed.setThumbnail(paper.thumbnail);
  const footer = [paper.organization, opts.day ? `Daily Papers ${opts.day}` : null, `arXiv ${paper.id}`].filter(
    Boolean,
  );
  embed.setFooter({ text: truncate(footer.join(' · '), LIMITS.footer) });
  if (paper.publishedAt) embed.setTimestamp(new Date(paper.publishedAt));
  return embed;
}

/** arXiv, PDF and (when there is one) Code link buttons. */
export function paperLinkButtons(paper: Paper): ButtonBuilder[] {
  const links = arxivLinks(paper.id);
  const buttons = [
    new ButtonBuilder().setStyle(ButtonStyle.Link).setLabel('arXiv').setURL(links.abs),
    new ButtonBuilder().setStyle(ButtonStyle.Link).setLabel('PDF').setURL(links.pdf),
  ];
  if (paper.githubRepo?.startsWith('https://')) {
    buttons.push(new ButtonBuilder().setStyle(ButtonStyle.Link).setLabel('Code').setURL(paper.githubRepo));
  }
  return buttons;
}

/** One paper's card with its link buttons: /paper show and a search result opened from the menu. */
export function paperCard(paper: Paper) {
  return {
    embeds: [paperEmbed(paper).toJSON()],
    components: [{ type: ComponentType.ActionRow, components: paperLinkButtons(paper).map((b) => b.toJSON()) }],
  };
}
