import type { MessageReaction, PartialMessageReaction, PartialUser, User } from 'discord.js';
import type { ReactionEvent } from '../votes/vote-by-reaction.ts';

/**
 * Turns a gateway reaction into a plain event. The event itself carries the server, channel and message
 * ids, so nothing is fetched for a message a restart left uncached: `isBotPost` (the stored posts, by
 * message id) says whether it is one of the bot's. Reactions by bots (this one included) and reactions
 * outside servers are dropped: they never count.
 */
export async function readReaction(
  reaction: MessageReaction | PartialMessageReaction,
  user: User | PartialUser,
  added: boolean,
  botUserId: string,
  isBotPost: (messageId: string) => boolean,
): Promise<ReactionEvent | null> {
  if (user.bot || user.id === botUserId) return null;
  const { message } = reaction;
  if (!message.guildId) return null;
  const onOwnMessage = isBotPost(message.id);
  // A partial user arrives without the bot flag (a removal carries no member): fetched, once per member
  // (it is cached), and only when the reaction could count.
  if (onOwnMessage && user.partial && (await user.fetch()).bot) return null;
  return {
    guildId: message.guildId,
    channelId: message.channelId,
    messageId: message.id,
    userId: user.id,
    emoji: reaction.emoji.id ?? reaction.emoji.name ?? '',
    emojiId: reaction.emoji.id ?? null,
    emojiName: reaction.emoji.name ?? null,
    added,
    onOwnMessage,
  };
}
