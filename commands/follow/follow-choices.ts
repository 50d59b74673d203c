import type { ApplicationCommandOptionChoiceData } from 'discord.js';
import type { BotContext } from '../../src/app/context.ts';
import { followChoices } from '../../src/discord/follow-list-layout.ts';

/** The member's own follows whose query contains what they typed, for `/follow remove`'s autocomplete. */
export function matchingFollows(
  ctx: Pick<BotContext, 'follows'>,
  guildId: string,
  userId: string,
  typed: string,
): ApplicationCommandOptionChoiceData<string>[] {
  const needle = typed.trim().toLowerCase();
  return followChoices(
    ctx.follows.store.ofMember(guildId, userId).filter((f) => f.query.toLowerCase().includes(needle)),
  );
}
