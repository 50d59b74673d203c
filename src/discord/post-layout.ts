import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type RESTPostAPIChannelMessageJSONBody,
} from 'discord.js';
import type { PostContent, PostLayout } from '../delivery/delivery-ledger.ts';
import type { Post, PostKind } from '../delivery/delivery-store.ts';
import { paperBlurb } from '../papers/paper-text.ts';
import { truncate } from '../format/text.ts';
import { arxivLinks } from '../papers/arxiv-id.ts';
import type { Paper } from '../papers/paper.ts';
import { encodeCustomId } from './custom-id.ts';
import { fitEmbeds } from './fit-embeds.ts';
import { LIMITS } from './limits.ts';
import { paperEmbed, paperLinkButtons } from './paper-embed.ts';
import { escapeLinkMarkdown, markdownUrl, safeLink } from './safe-links.ts';

export interface RenderInput {
  kind: PostKind;
  day: string;
  papers: readonly Paper[];
  mentionRoleId: string | null;
  /** The server's vote count for each paper, shown on its button. */
  votes: (paperId: string) => number;
}

export type Row = APIActionRowComponent<APIComponentInMessageActionRow>;
const row = (components: APIComponentInMessageActionRow[]): Row => ({ type: ComponentType.ActionRow, components });
const button = (
  label: string,
  customId: string,
  style: ButtonStyle.Primary | ButtonStyle.Secondary = ButtonStyle.Secondary,
): APIButtonComponent => ({
  type: ComponentType.Button,
  style,
  label: truncate(label, LIMITS.buttonLabel),
  custom_id: customId,
});

export const upvoteLabel = (n: number) => `▲ Upvote (${n})`;
export const digestVoteLabel = (position: number, n: number) => `▲ ${position} (${n})`;

/** Buttons under a single-paper message: vote, summary, discussion, then the links. */
export function paperRows(paper: Paper, votes: number): Row[] {
  return [
    row([
      button(upvoteLabel(votes), encodeCustomId('paper', 'vote', paper.id), ButtonStyle.Primary),
      button('Summary', encodeCustomId('paper', 'summary', paper.id)),
      button('Discuss', encodeCustomId('paper', 'discuss', paper.id)),
    ]),
    row(paperLinkButtons(paper).map((b) => b.toJSON())),
  ];
}

/** Numbered vote buttons and pickers for summary and discussion under a digest. */
export function digestRows(papers: readonly Paper[], votes: (id: string) => number): Row[] {
  const rows: Row[] = [];
  const buttons = papers.map((p, i) =>
    button(digestVoteLabel(i + 1, votes(p.id)), encodeCustomId('paper', 'vote', p.id)),
  );
  for (let i = 0; i < buttons.length; i += LIMITS.buttonsPerRow)
    rows.push(row(buttons.slice(i, i + LIMITS.buttonsPerRow)));
  const options = papers.map((p, i) => ({ label: truncate(`${i + 1}. ${p.title}`, LIMITS.selectLabel), value: p.id }));
  rows.push(
    row([
      {
        type: ComponentType.StringSelect,
        custom_id: encodeCustomId('paper', 'summary-pick'),
        placeholder: 'Summary of…',
        options,
      },
    ]),
    row([
      {
        type: ComponentType.StringSelect,
        custom_id: encodeCustomId('paper', 'discuss-pick'),
        placeholder: 'Discuss…',
        options,
      },
    ]),
  );
  return rows;
}

export function compactEmbed(paper: Paper, position: number): APIEmbed {
  const links = arxivLinks(paper.id);
  const stats = [`▲ ${paper.hfUpvotes}`, `💬 ${paper.numComments}`];
  if (paper.githubStars !== null) stats.push(`★ ${paper.githubStars}`);
  const linkLine = [`[arXiv](${links.abs})`, `[PDF](${links.pdf})`];
  const code = safeLink(paper.githubRepo);
  if (code) linkLine.push(`[Code](${markdownUrl(code)})`);
  const blurb = truncate(escapeLinkMarkdown(paperBlurb(paper, 300)), 300);
  return {
    title: truncate(`${position}. ${paper.title}`, LIMITS.embedTitle),
    url: links.hf,
    color: 0xffd21e,
    description: `${blurb}\n${stats.join(' · ')} · ${linkLine.join(' · ')}`,
  };
}

/** The message body for a post. Everything is cut to Discord's limits; only the named role may be pinged. */
export function renderPost(input: RenderInput): RESTPostAPIChannelMessageJSONBody {
  const header = `Hugging Face Daily Papers · ${input.day}`;
  const mention = input.mentionRoleId ? `<@&${input.mentionRoleId}> ` : '';
  const allowed_mentions = { parse: [], roles: input.mentionRoleId ? [input.mentionRoleId] : [] };
  if (input.kind === 'note') {
    return {
      content: `${mention}No Hugging Face Daily Papers for ${input.day} (weekends and holidays are usually empty).`,
      allowed_mentions,
    };
  }
  if (input.kind === 'digest') {
    return {
      content: `${mention}**${header}**`,
      embeds: fitEmbeds(input.papers.map((p, i) => compactEmbed(p, i + 1))),
      components: digestRows(input.papers, input.votes),
      allowed_mentions,
    };
  }
  const paper = input.papers[0];
  if (!paper) throw new Error('a paper post needs a paper');
  return {
    ...(mention ? { content: `${mention}${header}` } : {}),
    embeds: fitEmbeds([paperEmbed(paper, { day: input.day }).toJSON()]),
    components: paperRows(paper, input.votes(paper.id)),
    allowed_mentions,
  };
}

export const threadName = (paper: Paper): string => truncate(paper.title, LIMITS.threadName);

/**
 * The buttons of a sent post with fresh counts: what a vote refresh edits in, built by the same functions
 * as the post itself. Null for posts without votes.
 */
export function voteRows(
  post: Pick<Post, 'kind'>,
  papers: readonly Paper[],
  votes: (paperId: string) => number,
): Row[] | null {
  if (papers.length === 0) return null;
  if (post.kind === 'digest') return digestRows(papers, votes);
  if (post.kind === 'paper' && papers[0]) return paperRows(papers[0], votes(papers[0].id));
  return null;
}

const renderInput = ({ post, papers, votes }: PostContent): RenderInput => ({ ...post, papers, votes });

/** The daily post layout the outbox renders with, and how it recognises a post it sent before. */
export const postLayout: PostLayout = {
  render: (content) => renderPost(renderInput(content)),
  isRenderingOf({ post, papers }, message) {
    if (post.kind === 'note') return message.content.includes(`for ${post.day}`);
    return papers[0] !== undefined && message.embeds[0]?.url === arxivLinks(papers[0].id).hf;
  },
};
