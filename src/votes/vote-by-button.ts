import { MessageFlags, type MessageComponentInteraction } from 'discord.js';
import type { BotContext } from '../app/bot-context.ts';
import { UserError } from '../discord/user-error.ts';
import { voteComponents } from './vote-components.ts';

/**
 * `▲ Upvote`: toggles the member's button vote and answers by updating the message's counts in place
 * (the answer is the edit: no extra message, no extra request).
 */
export async function voteByButton(interaction: MessageComponentInteraction, ctx: BotContext, paperId: string): Promise<void> {
  if (!interaction.inGuild()) throw new UserError('Votes count per server: vote from a server channel.');
  if (!ctx.papers.get(paperId)) throw new UserError('That paper is no longer stored.');
  const result = ctx.votes.toggleButtonVote(interaction.guildId, paperId, interaction.user.id);
  const post = ctx.deliveries.byMessage(interaction.message.id);
  const components = post && post.guildId === interaction.guildId ? voteComponents(post, ctx, { paperId, count: result.count }) : null;
  if (!components) {
    await interaction.reply({
      content: result.voted ? `Upvoted: ${result.count} in this server.` : `Vote taken back: ${result.count} in this server.`,
      flags: MessageFlags.Ephemeral,
    });
    return;
  }
  await interaction.update({ components });
  void ctx.track(ctx.voteRefresher.noteVote(interaction.message.id, true));
}
