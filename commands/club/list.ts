import { MessageFlags, type ChatInputCommandInteraction, type SlashCommandSubcommandBuilder } from 'discord.js';
import { z } from 'zod';
import type { BotContext } from '../../src/app/context.ts';
import { titleOf } from '../../src/club/run-club.ts';
import { sessionsEmbed } from '../../src/discord/club-layout.ts';
import { UserError } from '../../src/discord/user-error.ts';

export const definition = (s: SlashCommandSubcommandBuilder) =>
  s.setName('list').setDescription("This server's upcoming reading sessions");

export const options = z.object({});

/** `/club list`: upcoming sessions, soonest first, with how many members are interested. */
export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  if (!interaction.inGuild()) throw new UserError('Use this command in a server.');
  const sessions = ctx.club.sessions.upcoming(interaction.guildId).slice(0, 10);
  if (sessions.length === 0) {
    throw new UserError(
      'No reading session is planned. A member with Manage Events can plan one with `/club schedule`.',
    );
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  // Interest lives in Discord; a failure to read it leaves the count out, never the list.
  const counts = await ctx.scheduledEvents.list(interaction.guildId).then(
    (events) => new Map(events.map((e) => [e.id, e.user_count ?? null])),
    () => new Map<string, number | null>(),
  );
  await interaction.editReply({
    embeds: [
      sessionsEmbed(
        'Upcoming reading sessions',
        sessions,
        { title: (id) => titleOf(ctx, id), interested: (id) => counts.get(id) ?? null },
        'Mark yourself interested in an event to be reminded',
      ),
    ],
    allowedMentions: { parse: [] },
  });
}
