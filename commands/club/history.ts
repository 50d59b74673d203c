import { MessageFlags, type ChatInputCommandInteraction, type SlashCommandSubcommandBuilder } from 'discord.js';
import { z } from 'zod';
import type { BotContext } from '../../src/app/context.ts';
import { titleOf } from '../../src/club/run-club.ts';
import { sessionsEmbed } from '../../src/discord/club-layout.ts';
import { readOptions } from '../../src/discord/read-options.ts';
import { UserError } from '../../src/discord/user-error.ts';

const PAGE = 10;

export const definition = (s: SlashCommandSubcommandBuilder) =>
  s
    .setName('history')
    .setDescription('Past reading sessions, newest first')
    .addIntegerOption((o) => o.setName('page').setDescription('Page (10 a page)').setMinValue(1).setMaxValue(1000));

export const options = z.object({ page: z.number().int().min(1).max(1000).default(1) });

/** `/club history`: sessions that took place, newest first; their papers count as read. */
export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  if (!interaction.inGuild()) throw new UserError('Use this command in a server.');
  const { page } = readOptions(interaction, options);
  const { total, items } = ctx.club.sessions.past(interaction.guildId, (page - 1) * PAGE, PAGE);
  if (total === 0) throw new UserError('No reading session has taken place here yet.');
  const pages = Math.ceil(total / PAGE);
  if (items.length === 0)
    throw new UserError(`There are ${pages} page${pages === 1 ? '' : 's'}: pick a page up to ${pages}.`);
  await interaction.reply({
    embeds: [
      sessionsEmbed(
        'Past reading sessions',
        items,
        { title: (id) => titleOf(ctx, id), interested: () => null },
        `Page ${page} of ${pages} · ${total} in all`,
      ),
    ],
    flags: MessageFlags.Ephemeral,
    allowedMentions: { parse: [] },
  });
}
