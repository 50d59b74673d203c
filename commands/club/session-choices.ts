import type { ApplicationCommandOptionChoiceData } from 'discord.js';
import type { BotContext } from '../../src/app/context.ts';
import { truncate } from '../../src/format/text.ts';

/** Upcoming sessions whose paper title has the typed text, as autocomplete choices (value: the event id). */
export function sessionChoices(
  ctx: BotContext,
  guildId: string,
  typed: string,
): ApplicationCommandOptionChoiceData<string>[] {
  const words = typed.toLowerCase().split(/\s+/).filter(Boolean);
  return ctx.club.sessions
    .upcoming(guildId)
    .filter((s) => s.status === 'scheduled')
    .map((s) => ({ s, title: ctx.papers.get(s.paperId)?.title ?? s.paperId }))
    .filter(({ title }) => words.every((w) => title.toLowerCase().includes(w)))
    .slice(0, 25)
    .map(({ s, title }) => ({
      name: truncate(`${s.startsAt.slice(0, 16).replace('T', ' ')} UTC · ${title}`, 100),
      value: s.eventId,
    }));
}
