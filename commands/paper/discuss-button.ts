import { MessageFlags, type MessageComponentInteraction } from 'discord.js';
import type { BotContext } from '../../src/app/context.ts';
import type { CustomId } from '../../src/discord/custom-id.ts';
import { pickedPaper } from './picked-paper.ts';

/** Discuss under a post, and the digest's "Discuss…" menu: a link to the paper's thread, made on first use. */
export const actions = ['discuss', 'discuss-pick'] as const;

export async function handle(interaction: MessageComponentInteraction, ctx: BotContext, id: CustomId): Promise<void> {
  const paperId = pickedPaper(interaction, id);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const threadId = await ctx.threads.forPaper(interaction.channelId, paperId);
  await interaction.editReply(`Discuss it here: <#${threadId}>`);
}
