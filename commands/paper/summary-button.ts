import type { MessageComponentInteraction } from 'discord.js';
import type { BotContext } from '../../src/app/context.ts';
import type { CustomId } from '../../src/discord/custom-id.ts';
import { pickedPaper } from './picked-paper.ts';
import { replyWithSummary } from './summary.ts';

/** Summary under a post, and the digest's "Summary of…" menu: the short summary, privately. */
export const actions = ['summary', 'summary-pick'] as const;

export async function handle(interaction: MessageComponentInteraction, ctx: BotContext, id: CustomId): Promise<void> {
  await replyWithSummary(interaction, ctx, pickedPaper(interaction, id), 'short', { private: true });
}
