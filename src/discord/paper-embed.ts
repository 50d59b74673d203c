import { ButtonBuilder, ButtonStyle, ComponentType, EmbedBuilder } from 'discord.js';
import { arxivLinks } from '../papers/arxiv-id.ts';
import type { Paper } from '../papers/paper.ts';
import { paperBlurb } from '../papers/paper-text.ts';
import { formatAuthors, truncate } from '../format/text.ts';
import { LIMITS } from './limits.ts';
import { escapeLinkMarkdown, httpUrl, safeLink, validTimestamp } from './safe-links.ts';

const HF_ORANGE = 0xffd21e;

/**
 * The full card for one paper. Every field is cut to Discord's limits, text from the paper cannot make a
 * masked link, and a stored value that is not a date or an http(s) URL is left out instead of failing.
 */
export function paperEmbed(paper: Paper, opts: { blurbMax?: number; day?: string } = {}): EmbedBuilder {
  const links = arxivLinks(paper.id);
  const embed = new EmbedBuilder()
    .setColor(HF_ORANGE)
    .setTitle(truncate(paper.title, LIMITS.embedTitle))
    .setURL(links.hf)
    .setDescription(truncate(escapeLinkMarkdown(paperBlurb(paper, opts.blurbMax ?? 600)), LIMITS.embedDescription))
    .addFields(
      { name: 'Authors', value: truncate(escapeLinkMarkdown(formatAuthors(paper.authors)), LIMITS.fieldValue) },
      { name: 'Upvotes', value: `▲ ${paper.hfUpvotes}`, inline: true },
      { name: 'Comments', value: `💬 ${paper.numComments}`, inline: true },
    );
  if (paper.githubStars !== null) embed.addFields({ name: 'GitHub', value: `★ ${paper.githubStars}`, inline: true });
  const thumbnail = httpUrl(paper.thumbnail);
  if (thumbnail) embed.setThumbnail(thumbnail);
  const footer = [paper.organization, opts.day ? `Daily Papers ${opts.day}` : null, `arXiv ${paper.id}`].filter(
    Boolean,
  );
  embed.setFooter({ text: truncate(footer.join(' · '), LIMITS.footer) });
  const published = validTimestamp(paper.publishedAt);
  if (published) embed.setTimestamp(published);
  return embed;
}

/** arXiv, PDF and (when there is one on a code host, see safeLink) Code link buttons. */
export function paperLinkButtons(paper: Paper): ButtonBuilder[] {
  const links = arxivLinks(paper.id);
  const buttons = [
    new ButtonBuilder().setStyle(ButtonStyle.Link).setLabel('arXiv').setURL(links.abs),
    new ButtonBuilder().setStyle(ButtonStyle.Link).setLabel('PDF').setURL(links.pdf),
  ];
  const code = safeLink(paper.githubRepo);
  if (code) buttons.push(new ButtonBuilder().setStyle(ButtonStyle.Link).setLabel('Code').setURL(code));
  return buttons;
}

/** One paper's card with its link buttons: /paper show and a search result opened from the menu. */
export function paperCard(paper: Paper) {
  return {
    embeds: [paperEmbed(paper).toJSON()],
    components: [{ type: ComponentType.ActionRow, components: paperLinkButtons(paper).map((b) => b.toJSON()) }],
  };
}
