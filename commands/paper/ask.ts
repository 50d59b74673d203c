import { MessageFlags, type ChatInputCommandInteraction, type SlashCommandSubcommandBuilder } from 'discord.js';
import { z } from 'zod';
import type { BotContext } from '../../src/app/context.ts';
import { answerMessage } from '../../src/discord/answer-layout.ts';
import { readOptions } from '../../src/discord/read-options.ts';
import { UserError } from '../../src/discord/user-error.ts';
import { answerQuestion } from '../../src/fulltext/answer-question.ts';
import { resolvePaper } from '../../src/papers/find-paper.ts';
import { noPaperMatches, paperOption } from './paper-option.ts';

export const definition = (s: SlashCommandSubcommandBuilder) =>
  s
    .setName('ask')
    .setDescription('Ask a question about a paper; answered from its full text, citing the passages')
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
  const answer = await answerQuestion(ctx.answers, paper, question);
  await interaction.editReply(answerMessage({ paper, question, answer, endpoint: ctx.config.ARXIV_ENDPOINT }));
}
