import type { APIEmbed } from 'discord.js';
import { truncate } from '../format/text.ts';
import { arxivLinks } from '../papers/arxiv-id.ts';
import type { Paper } from '../papers/paper.ts';
import type { PaperSummary } from '../summaries/summarize-paper.ts';
import type { SummaryLength } from '../summaries/types.ts';
import { LIMITS } from './limits.ts';
import { escapeLinkMarkdown } from './safe-links.ts';

const SOURCE: Record<PaperSummary['source'], string> = {
  huggingface: 'Hugging Face AI summary',
  model: 'Summary by the configured model',
  extractive: 'Key sentences of the abstract',
};

/** A paper's summary, with where it came from in the footer. */
export function summaryMessage(paper: Paper, summary: PaperSummary, length: SummaryLength) {
  const embed: APIEmbed = {
    color: 0xffd21e,
    title: truncate(`${length === 'detailed' ? 'Detailed summary' : 'Summary'}: ${paper.title}`, LIMITS.embedTitle),
    url: arxivLinks(paper.id).hf,
    // Model output and cached summaries may hold `[text](url)`: shown as typed, never as a masked link.
    description: truncate(escapeLinkMarkdown(summary.text), LIMITS.embedDescription),
    footer: { text: truncate([SOURCE[summary.source], summary.note].filter(Boolean).join(' · '), LIMITS.footer) },
  };
  return { embeds: [embed], allowedMentions: { parse: [] as [] } };
}
