import type { ApplicationCommandOptionChoiceData } from 'discord.js';
import type { BotContext } from '../../src/app/context.ts';
import { titleOf } from '../../src/club/run-club.ts';
import { sessionChoices } from '../../src/discord/club-layout.ts';

/** Scheduled sessions whose paper title has every typed word, as autocomplete choices (value: the event id). */
export function matchingSessions(
  ctx: BotContext,
  guildId: string,
  typed: string,
): ApplicationCommandOptionChoiceData<string>[] {
  const words = typed.toLowerCase().split(/\s+/).filter(Boolean);
  return sessionChoices(
    ctx.club.sessions
      .upcoming(guildId)
      .filter((s) => s.status === 'scheduled')
      .map((session) => ({ session, title: titleOf(ctx, session.paperId) }))
      .filter(({ title }) => words.every((w) => title.toLowerCase().includes(w))),
  );
}
