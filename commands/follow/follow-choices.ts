import type { ApplicationCommandOptionChoiceData } from 'discord.js';
import type { BotContext } from '../../src/app/context.ts';
import { followChoices } from '../../src/discord/follow-list-layout.ts';
import type { Follow } from '../../src/follows/follow.ts';

/**
 * The follows `/follow remove` may remove: a member's own, or (for a moderator) another member's that post in this
 * server's channels, never their direct-message ones.
 */
export function followsOf(
  ctx: Pick<BotContext, 'follows'>,
  guildId: string,
  userId: string,
  others: boolean,
): Follow[] {
  const all = ctx.follows.store.ofMember(guildId, userId);
  return others ? all.filter((f) => f.delivery === 'here') : all;
}

/** Those follows whose query contains what was typed, for `/follow remove`'s autocomplete. */
export function matchingFollows(
  ctx: Pick<BotContext, 'follows'>,
  guildId: string,
  userId: string,
  typed: string,
  others: { channelName: (channelId: string) => string | null } | null = null,
): ApplicationCommandOptionChoiceData<string>[] {
  const needle = typed.trim().toLowerCase();
  return followChoices(
    followsOf(ctx, guildId, userId, others !== null).filter((f) => f.query.toLowerCase().includes(needle)),
    others?.channelName,
  );
}
