import type { APIEmbed } from 'discord.js';
import { truncate } from '../format/text.ts';
import type { FulltextSource, StoredPassage } from '../fulltext/passage-store.ts';
import type { Paper } from '../papers/paper.ts';
import { neutraliseMentions } from '../summaries/mention-safe.ts';
import { fitEmbeds } from './fit-embeds.ts';
import { LIMITS } from './limits.ts';
import { escapeLinkMarkdown, markdownUrl } from './safe-links.ts';

/** How many passages an answer quotes. */
export const QUOTED_PASSAGES = 3;
/** The longest quote of one passage, so three fit in a description with their headings. */
export const QUOTE_CHARS = 1200;

export interface AnswerInput {
  paper: Pick<Paper, 'id' | 'title'>;
  question: string;
  /** Best first; empty or ignored when `covered` is false. */
  passages: readonly StoredPassage[];
  /** False when no passage shares a word with the question; `closest` is then quoted instead. */
  covered: boolean;
  closest: StoredPassage | null;
  source: FulltextSource;
  /** ARXIV_ENDPOINT, without a trailing slash. */
  endpoint: string;
}

/** Text from a paper or a member, shown as typed: no masked links, no pings. */
const safeText = (text: string) => neutraliseMentions(escapeLinkMarkdown(text));

/** `{endpoint}/html/{id}#{anchor}` for a passage of the HTML, the page without an anchor, the abstract page else. */
export function passageUrl(endpoint: string, paperId: string, source: FulltextSource, anchor: string | null): string {
  if (source === 'abstract') return `${endpoint}/abs/${encodeURIComponent(paperId)}`;
  const page = `${endpoint}/html/${encodeURIComponent(paperId)}`;
  return anchor ? `${page}#${encodeURIComponent(anchor)}` : page;
}

function quote(input: AnswerInput, p: StoredPassage): string {
  const url = markdownUrl(passageUrl(input.endpoint, input.paper.id, input.source, p.anchor));
  const heading = `**[${safeText(truncate(p.section, 200))}](${url})**`;
  const body = truncate(safeText(p.text.replace(/\s+/g, ' ').trim()), QUOTE_CHARS);
  return `${heading}\n> ${body}`;
}

/** An answer to a question about a paper: the passages of its full text that match, quoted and linked. */
export function answerMessage(input: AnswerInput) {
  const shown = input.covered ? input.passages.slice(0, QUOTED_PASSAGES) : input.closest ? [input.closest] : [];
  const parts = [
    input.covered ? null : 'The paper does not seem to cover this.' + (shown.length ? ' The closest passage:' : ''),
    ...shown.map((p) => quote(input, p)),
  ].filter((x): x is string => x !== null);
  const footer =
    input.source === 'html'
      ? "Quoted from the paper's full text on arXiv"
      : "Only the abstract was available: quoted from the paper's title and abstract";
  const embed: APIEmbed = {
    color: 0xb31b1b,
    author: { name: truncate(input.paper.title, LIMITS.authorName) },
    title: truncate(safeText(input.question.replace(/\s+/g, ' ').trim()), LIMITS.embedTitle),
    description: truncate(parts.join('\n\n'), LIMITS.embedDescription),
    footer: { text: truncate(footer, LIMITS.footer) },
  };
  return { embeds: fitEmbeds([embed]), allowedMentions: { parse: [] as [] } };
}
