import { EmbedBuilder, MessageFlags, type InteractionEditReplyOptions, type MessageComponentInteraction, type RepliableInteraction } from 'discord.js';
import { LIMITS } from '../discord/limits.ts';
import { UserError } from '../discord/user-error.ts';
import { arxivLinks } from '../papers/arxiv-id.ts';
import type { Paper } from '../papers/paper.ts';
import { resolvePaper, type LookupContext } from '../papers/find-paper.ts';
import { truncate } from '../format/text.ts';
import { summarizePaper, type PaperSummary, type SummarizeContext } from './summarize-paper.ts';
import type { SummaryLength } from './types.ts';

const SOURCE: Record<PaperSummary['source'], string> = {
  huggingface: 'Hugging Face AI summary',
  model: 'Summary by the configured model',
  extractive: 'Key sentences of the abstract',
};

export function summaryMessage(paper: Paper, summary: PaperSummary, length: SummaryLength): InteractionEditReplyOptions {
  const embed = new EmbedBuilder()
    .setColor(0xffd21e)
    .setTitle(truncate(`${length === 'detailed' ? 'Detailed summary' : 'Summary'}: ${paper.title}`, LIMITS.embedTitle))
    .setURL(arxivLinks(paper.id).hf)
    .setDescription(truncate(summary.text, LIMITS.embedDescription))
    .setFooter({ text: truncate([SOURCE[summary.source], summary.note].filter(Boolean).join(' · '), LIMITS.footer) });
  return { embeds: [embed], allowedMentions: { parse: [] } };
}

/**
 * Answers with a paper's summary. The interaction is deferred first (privately, or publicly for the slash
 * command when the member asks), because a model may take longer than Discord's 3 seconds.
 */
export async function replyWithSummary(
  interaction: RepliableInteraction | MessageComponentInteraction,
  ctx: LookupContext & { summaries: SummarizeContext },
  typed: string,
  length: SummaryLength,
  opts: { private: boolean },
): Promise<void> {
  const paper = resolvePaper(ctx, interaction.guildId ?? '', typed);
  if (!paper) throw new UserError(`No stored paper matches "${typed.slice(0, 100)}". Try an arXiv id such as 2509.04664, or pick a title from the suggestions.`);
  await interaction.deferReply(opts.private ? { flags: MessageFlags.Ephemeral } : {});
  const summary = await summarizePaper(ctx.summaries, paper, length);
  await interaction.editReply(summaryMessage(paper, summary, length));
}
