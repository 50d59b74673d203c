import type { ChatInputCommandInteraction, SlashCommandSubcommandBuilder } from 'discord.js';
import { z } from 'zod';
import type { BotContext } from '../../src/app/context.ts';
import { paperCard } from '../../src/discord/paper-embed.ts';
import { readOptions } from '../../src/discord/read-options.ts';
import { UserError } from '../../src/discord/user-error.ts';
import { resolvePaper } from '../../src/papers/find-paper.ts';
import { noPaperMatches, paperOption } from './paper-option.ts';

export const definition = (s: SlashCommandSubcommandBuilder) =>
  s.setName('show').setDescription('Show one stored paper').addStringOption(paperOption);

export const options = z.object({ paper: z.string() });

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const { paper: typed } = readOptions(interaction, options);
  const paper = resolvePaper(ctx, interaction.guildId ?? '', typed);
  if (!paper) throw new UserError(noPaperMatches(typed));
  await interaction.reply(paperCard(paper));
}
