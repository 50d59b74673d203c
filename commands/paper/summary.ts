import {
  MessageFlags,
  type ChatInputCommandInteraction,
  type MessageComponentInteraction,
  type SlashCommandSubcommandBuilder,
} from 'discord.js';
import { z } from 'zod';
import type { BotContext } from '../../src/app/context.ts';
import { readOptions } from '../../src/discord/read-options.ts';
import { summaryMessage } from '../../src/discord/summary-layout.ts';
import { UserError } from '../../src/discord/user-error.ts';
import { resolvePaper } from '../../src/papers/find-paper.ts';
import { summarizePaper } from '../../src/summaries/summarize-paper.ts';
import type { SummaryLength } from '../../src/summaries/types.ts';
import { noPaperMatches, paperOption } from './paper-option.ts';

export const definition = (s: SlashCommandSubcommandBuilder) =>
  s
    .setName('summary')
    .setDescription("A paper's summary")
    .addStringOption(paperOption)
    .addStringOption((o) =>
      o
        .setName('length')
        .setDescription('short (default) or detailed')
        .addChoices({ name: 'short', value: 'short' }, { name: 'detailed', value: 'detailed' }),
    )
    .addBooleanOption((o) => o.setName('private').setDescription('Only you see the answer (default true)'));

export const options = z.object({
  paper: z.string(),
  length: z.enum(['short', 'detailed']).default('short'),
  private: z.boolean().default(true),
});

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const o = readOptions(interaction, options);
  await replyWithSummary(interaction, ctx, o.paper, o.length, { private: o.private });
}

/**
 * Answers with a paper's summary. The interaction is deferred first (privately, or publicly for the slash
 * command when the member asks), because a model may take longer than Discord's 3 seconds.
 */
export async function replyWithSummary(
  interaction: ChatInputCommandInteraction | MessageComponentInteraction,
  ctx: BotContext,
  typed: string,
  length: SummaryLength,
  opts: { private: boolean },
): Promise<void> {
  const paper = resolvePaper(ctx, interaction.guildId ?? '', typed);
  if (!paper) throw new UserError(noPaperMatches(typed));
  await interaction.deferReply(opts.private ? { flags: MessageFlags.Ephemeral } : {});
  const summary = await summarizePaper(ctx.summaries, paper, length);
  await interaction.editReply(summaryMessage(paper, summary, length));
}
