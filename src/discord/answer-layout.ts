import type { APIEmbed } from 'discord.js';
import { truncate } from '../format/text.ts';
import type { Answer } from '../fulltext/answer-question.ts';
import type { FulltextSource, StoredPassage } from '../fulltext/passage-store.ts';
import type { Paper } from '../papers/paper.ts';
import { fitEmbeds } from './fit-embeds.ts';
import { LIMITS } from './limits.ts';
import { markdownUrl, safeText } from './safe-links.ts';

/** The longest quote of one passage, so three fit in a description with their headings. */
export const QUOTE_CHARS = 1200;
/** The longest model answer shown, leaving room for its five sources. */
export const MODEL_ANSWER_CHARS = 2500;

export interface AnswerInput {
  paper: Pick<Paper, 'id' | 'title'>;
  question: string;
  answer: Answer;
  /** ARXIV_ENDPOINT, without a trailing slash. */
  endpoint: string;
}

/** Text from a paper, a member or a model, shown as typed: no masked links, no pings. */

/** `{endpoint}/html/{id}#{anchor}` for a passage of the HTML, the page without an anchor, the abstract page else. */
export function passageUrl(endpoint: string, paperId: string, source: FulltextSource, anchor: string | null): string {
  if (source === 'abstract') return `${endpoint}/abs/${encodeURIComponent(paperId)}`;
  const page = `${endpoint}/html/${encodeURIComponent(paperId)}`;
  return anchor ? `${page}#${encodeURIComponent(anchor)}` : page;
}

function sectionLink(input: AnswerInput, p: Pick<StoredPassage, 'section' | 'anchor'>): string {
  const url = markdownUrl(passageUrl(input.endpoint, input.paper.id, input.answer.source, p.anchor));
  return `**[${safeText(truncate(p.section, 200))}](${url})**`;
}

function quote(input: AnswerInput, p: StoredPassage): string {
  // A table keeps its rows, one quoted line each; other text is one line.
  const lines = p.kind === 'table' ? p.text.split('\n') : [p.text];
  const text = lines.map((l) => l.replace(/\s+/g, ' ').trim()).filter((l) => l !== '');
  const body = truncate(safeText(text.join('\n')), QUOTE_CHARS).replace(/\n/g, '\n> ');
  return `${sectionLink(input, p)}\n> ${body}`;
}

function body(input: AnswerInput): string[] {
  const a = input.answer;
  switch (a.kind) {
    case 'model': {
      const text = truncate(safeText(a.text), MODEL_ANSWER_CHARS);
      const sources = a.cited.map((c) => `[${c.n}] ${sectionLink(input, c)}`);
      return sources.length > 0
        ? [text, sources.join('\n')]
        : [text, '*The model cited no passage: check this against the paper.*'];
    }
    case 'quotes':
      return [...(a.note ? [`*${a.note}*`] : []), ...a.passages.map((p) => quote(input, p))];
    case 'not-covered':
      return a.closest
        ? ['The paper does not seem to cover this. The closest passage:', quote(input, a.closest)]
        : ['The paper does not seem to cover this.'];
  }
}

function footer(a: Answer): string {
  if (a.source === 'abstract') return "Only the abstract was available: answered from the paper's title and abstract";
  return a.kind === 'model'
    ? "Answered by a model from passages of the paper's full text on arXiv, cited as [n]"
    : "Quoted from the paper's full text on arXiv";
}

/** An answer to a question about a paper: the model's, citing its passages, or the passages themselves. */
export function answerMessage(input: AnswerInput) {
  const embed: APIEmbed = {
    color: 0xb31b1b,
    author: { name: truncate(input.paper.title, LIMITS.authorName) },
    title: truncate(safeText(input.question.replace(/\s+/g, ' ').trim()), LIMITS.embedTitle),
    description: truncate(body(input).join('\n\n'), LIMITS.embedDescription),
    footer: { text: truncate(footer(input.answer), LIMITS.footer) },
  };
  return { embeds: fitEmbeds([embed]), allowedMentions: { parse: [] as [] } };
}
