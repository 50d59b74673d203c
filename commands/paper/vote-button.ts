import { MessageFlags, type MessageComponentInteraction } from 'discord.js';
import type { BotContext } from '../../src/app/context.ts';
import type { Post } from '../../src/delivery/delivery-store.ts';
import type { CustomId } from '../../src/discord/custom-id.ts';
import { voteRows } from '../../src/discord/post-layout.ts';
import { UserError } from '../../src/discord/user-error.ts';
import type { Paper } from '../../src/papers/paper.ts';
import { pickedPaper } from './picked-paper.ts';

export const actions = ['vote'] as const;

/**
 * `▲ Upvote`: toggles the member's button vote and answers by updating the message's counts in place
 * (the answer is the edit: no extra message, no extra request).
 */
export async function handle(interaction: MessageComponentInteraction, ctx: BotContext, id: CustomId): Promise<void> {
  const paperId = pickedPaper(interaction, id);
  if (!interaction.inGuild()) throw new UserError('Votes count per server: vote from a server channel.');
  if (!ctx.papers.get(paperId)) throw new UserError('That paper is no longer stored.');
  const result = ctx.votes.toggleButtonVote(interaction.guildId, paperId, interaction.user.id);
  // Only schedules retraining: the click is answered without waiting for any model.
  ctx.taste.noteVote(interaction.guildId, interaction.user.id);
  const post = ctx.deliveries.byMessage(interaction.message.id);
  const components =
    post && post.guildId === interaction.guildId ? rowsAfterVote(ctx, post, paperId, result.count) : null;
  if (!components) {
    await interaction.reply({
      content: result.voted
        ? `Upvoted: ${result.count} in this server.`
        : `Vote taken back: ${result.count} in this server.`,
      flags: MessageFlags.Ephemeral,
    });
    return;
  }
  await interaction.update({ components });
  void ctx.track(ctx.voteRefresher.noteVote(interaction.message.id, true));
}

function rowsAfterVote(ctx: BotContext, post: Post, paperId: string, count: number) {
  const papers = post.paperIds.map((pid) => ctx.papers.get(pid)).filter((p): p is Paper => p !== null);
  // A single-paper post already knows its count from the toggle: no need to count again.
  const counts =
    post.kind === 'paper' && post.paperIds[0] === paperId
      ? new Map([[paperId, count]])
      : ctx.votes.counts(post.guildId, post.paperIds);
  return voteRows(post, papers, (pid) => counts.get(pid) ?? 0);
}
