import type { DeliveryStore } from '../delivery/delivery-store.ts';
import type { GuildSettingsStore } from '../settings/guild-settings-store.ts';
import { isVoteEmoji } from './vote-emoji.ts';
import type { VoteStore } from './vote-store.ts';

/** A reaction added or removed by a member (never a bot) in a server. */
export interface ReactionEvent {
  guildId: string;
  channelId: string;
  messageId: string;
  userId: string;
  /** Unicode emoji, or the custom emoji's id. */
  emoji: string;
  emojiId: string | null;
  emojiName: string | null;
  added: boolean;
  /** Whether the reacted-to message is one of the bot's stored posts. */
  onOwnMessage: boolean;
}

export interface ReactionVoteContext {
  deliveries: DeliveryStore;
  guildSettings: GuildSettingsStore;
  votes: VoteStore;
}

/**
 * A reaction with one of the server's vote emoji on the bot's single-paper post counts as the member's
 * vote; removing their last such reaction takes it back. Digest messages show several papers, so a
 * reaction there cannot say which one: their numbered buttons are the way to vote. Returns whether the
 * post's count changed.
 */
export function voteByReaction(ctx: ReactionVoteContext, event: ReactionEvent): boolean {
  if (!event.onOwnMessage) return false;
  const post = ctx.deliveries.byMessage(event.messageId);
  if (!post || post.kind !== 'paper' || post.guildId !== event.guildId) return false;
  const paperId = post.paperIds[0];
  const emoji = { id: event.emojiId, name: event.emojiName };
  if (!paperId || !isVoteEmoji(ctx.guildSettings.voteEmoji(event.guildId), emoji)) return false;
  const stored = event.emojiId ?? event.emojiName ?? '';
  const result = event.added
    ? ctx.votes.addReaction(event.guildId, event.messageId, paperId, event.userId, stored)
    : ctx.votes.removeReaction(event.guildId, event.messageId, event.userId, stored);
  return result?.changed ?? false;
}
