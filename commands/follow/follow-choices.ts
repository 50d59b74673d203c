import type { ApplicationCommandOptionChoiceData } from 'discord.js';
import type { BotContext } from '../../src/app/context.ts';
import { truncate } from '../../src/format/text.ts';

/** The member's own follows whose query contains what they typed, for `/follow remove`'s autocomplete. */
export function followChoices(
  ctx: Pick<BotContext, 'follows'>,
  guildId: string,
  userId: string,
  typed: string,
): ApplicationCommandOptionChoiceData<string>[] {
  const needle = typed.trim().toLowerCase();
  return ctx.follows.store
    .ofMember(guildId, userId)
    .filter((f) => f.query.toLowerCase().includes(needle))
    .slice(0, 25)
    .map((f) => ({ name: truncate(`${f.pausedReason ? '⏸ ' : ''}${f.query}`, 100), value: String(f.id) }));
}
