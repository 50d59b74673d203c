import type { MessageReaction, PartialMessageReaction, PartialUser, User } from 'discord.js';
import type { ReactionEvent } from '../votes/vote-by-reaction.ts';

/**
 * Turns a gateway reaction into a plain event, fetching what a restart left uncached. Reactions by bots
 * (this one included) and reactions outside servers are dropped: they never count.
 */
export async function readReaction(
  reaction: MessageReaction | PartialMessageReaction,
  user: User | PartialUser,
  added: boolean,
  botUserId: string,
): Promise<ReactionEvent | null> {
  if (user.bot || user.id === botUserId) return null;
  const message = reaction.message.partial ? await reaction.message.fetch() : reaction.message;
  if (!message.guildId) return null;
  // A partial user arrives without the bot flag; the fetch is cached, so it is paid once per member.
  if (user.partial && (await user.fetch()).bot) return null;
  return {
    guildId: message.guildId,
    channelId: message.channelId,
    messageId: message.id,
    userId: user.id,
    emoji: reaction.emoji.id ?? reaction.emoji.name ?? '',
    emojiId: reaction.emoji.id ?? null,
    emojiName: reaction.emoji.name ?? null,
    added,
    onOwnMessage: message.author?.id === botUserId,
  };
}
