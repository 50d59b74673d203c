import { MessageFlags, type ChatInputCommandInteraction, type SlashCommandSubcommandBuilder } from 'discord.js';
import { z } from 'zod';
import type { BotContext } from '../../src/app/context.ts';
import { answerMessage } from '../../src/discord/answer-layout.ts';
import { readOptions } from '../../src/discord/read-options.ts';
import { UserError } from '../../src/discord/user-error.ts';
import { abstractPassages } from '../../src/fulltext/ensure-fulltext.ts';
import { resolvePaper } from '../../src/papers/find-paper.ts';
import { noPaperMatches, paperOption } from './paper-option.ts';

export const definition = (s: SlashCommandSubcommandBuilder) =>
  s
    .setName('ask')
    .setDescription('Ask a question about a paper; answered with passages quoted from its full text')
    .addStringOption((o) =>
      o.setName('question').setDescription('What you want to know').setRequired(true).setMaxLength(500),
    )
    .addStringOption((o) =>
      paperOption(o).setRequired(false).setDescription("arXiv id, link or title (default: this thread's paper)"),
    )
    .addBooleanOption((o) =>
      o
        .setName('private')
        .setDescription("Only you see the answer (default: public in a paper's thread, else private)"),
    );

export const options = z.object({
  question: z.string().max(500),
  paper: z.string().optional(),
  private: z.boolean().optional(),
});

/** Passages retrieved for a question; the answer quotes the best three. */
const RETRIEVED = 5;

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const o = readOptions(interaction, options);
  const question = o.question.trim();
  if (question === '') throw new UserError('Type a question, such as "What dataset do they train on?"');
  const threadPaper = ctx.deliveries.paperOfThread(interaction.channelId);
  const typed = o.paper ?? threadPaper;
  if (typed === null || typed === undefined) {
    throw new UserError("Name the paper with the `paper` option, or ask in the paper's discussion thread.");
  }
  const paper = resolvePaper(ctx, interaction.guildId ?? '', typed);
  if (!paper) throw new UserError(noPaperMatches(typed));
  const isPrivate = o.private ?? threadPaper === null;
  await interaction.deferReply(isPrivate ? { flags: MessageFlags.Ephemeral } : {});
  const source = await ctx.fulltext.ensure(paper.id);
  // Relevance: a passage counts when it shares a word with the question (stop words dropped, FTS5's Porter
  // stemming); when none does, the paper does not seem to cover it and the abstract is shown as the closest.
  const found = ctx.fulltext.search(paper.id, question, RETRIEVED);
  const closest = abstractPassages(paper).find((p) => p.section === 'Abstract') ?? null;
  await interaction.editReply(
    answerMessage({
      paper,
      question,
      passages: found,
      covered: found.length > 0,
      closest,
      source,
      endpoint: ctx.config.ARXIV_ENDPOINT,
    }),
  );
}
