import { MessageFlags, type MessageComponentInteraction } from 'discord.js';
import type { BotContext } from '../../src/app/context.ts';
import type { CustomId } from '../../src/discord/custom-id.ts';
import { paperCard } from '../../src/discord/paper-embed.ts';
import { UserError } from '../../src/discord/user-error.ts';
import { pickedPaper } from './picked-paper.ts';

export const actions = ['open'] as const;

/** The search results' menu: the chosen paper's card, for whoever picked it. */
export async function handle(interaction: MessageComponentInteraction, ctx: BotContext, id: CustomId): Promise<void> {
  const paper = ctx.papers.get(pickedPaper(interaction, id));
  if (!paper) throw new UserError('That paper is no longer stored.');
  await interaction.reply({ ...paperCard(paper), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
}
