import type { BotContext } from '../app/bot-context.ts';
import type { ReactionEvent } from '../discord/reaction-events.ts';
import { getVoteEmoji, isVoteEmoji } from './vote-emoji.ts';

/**
 * A reaction with one of the server's vote emoji on the bot's single-paper post counts as the member's
 * vote; removing their last such reaction takes it back. Digest messages show several papers, so a
 * reaction there cannot say which one: their numbered buttons are the way to vote.
 */
export async function voteByReaction(ctx: BotContext, event: ReactionEvent): Promise<void> {
  if (!event.onOwnMessage) return;
  const post = ctx.deliveries.byMessage(event.messageId);
  if (!post || post.kind !== 'paper' || post.guildId !== event.guildId) return;
  const paperId = post.paperIds[0];
  if (!paperId || !isVoteEmoji(getVoteEmoji(ctx.db, event.guildId), { id: event.emojiId, name: event.emojiName })) return;
  const emoji = event.emojiId ?? event.emojiName ?? '';
  const result = event.added
    ? ctx.votes.addReaction(event.guildId, event.messageId, paperId, event.userId, emoji)
    : ctx.votes.removeReaction(event.guildId, event.messageId, event.userId, emoji);
  if (result?.changed) await ctx.voteRefresher.noteVote(event.messageId, false);
}
