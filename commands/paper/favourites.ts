import { MessageFlags, type ChatInputCommandInteraction, type SlashCommandSubcommandBuilder } from 'discord.js';
import { z } from 'zod';
import type { BotContext } from '../../src/app/context.ts';
import { favouritesEmbed } from '../../src/discord/ranking-layout.ts';
import { readOptions, userOption } from '../../src/discord/read-options.ts';
import { UserError } from '../../src/discord/user-error.ts';

const PAGE = 10;

export const definition = (s: SlashCommandSubcommandBuilder) =>
  s
    .setName('favourites')
    .setDescription('The papers a member upvoted here, newest first')
    .addUserOption((o) => o.setName('member').setDescription('Whose (default: yours)'))
    .addIntegerOption((o) => o.setName('page').setDescription('Page (10 a page)').setMinValue(1));

export const options = z.object({
  member: userOption().optional(),
  page: z.number().int().default(1),
});

/** `/paper favourites [member] [page]`: the papers a member upvoted here, newest vote first. */
export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  if (!interaction.inGuild()) throw new UserError('Use this command in a server: votes count per server.');
  const o = readOptions(interaction, options);
  const user = o.member ?? interaction.user;
  const page = Math.max(1, o.page);
  const { total, items } = ctx.votes.favourites(interaction.guildId, user.id, {
    offset: (page - 1) * PAGE,
    limit: PAGE,
  });
  const pages = Math.max(1, Math.ceil(total / PAGE));
  const who = user.id === interaction.user.id ? 'You have' : `<@${user.id}> has`;
  if (total === 0) throw new UserError(`${who} not upvoted any paper in this server yet.`);
  if (items.length === 0) throw new UserError(`There are only ${pages} page(s) of favourites.`);
  const embed = favouritesEmbed(user.displayName ?? user.username, items, { number: page, size: PAGE, pages, total });
  await interaction.reply({ embeds: [embed], flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
}
