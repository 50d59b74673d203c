import { MessageFlags, type ChatInputCommandInteraction, type SlashCommandSubcommandBuilder } from 'discord.js';
import { z } from 'zod';
import type { BotContext } from '../../src/app/context.ts';
import { readOptions } from '../../src/discord/read-options.ts';
import { UserError } from '../../src/discord/user-error.ts';

export const definition = (s: SlashCommandSubcommandBuilder) =>
  s
    .setName('remove')
    .setDescription('Stop following a search')
    .addStringOption((o) =>
      o.setName('follow').setDescription('The follow').setRequired(true).setAutocomplete(true).setMaxLength(200),
    );

export const options = z.object({ follow: z.string() });

/** `/follow remove`: by the id the autocomplete gives, or by the query typed out in full. */
export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const guildId = interaction.guildId ?? '';
  const { follow: picked } = readOptions(interaction, options);
  const mine = ctx.follows.store.ofMember(guildId, interaction.user.id);
  const typed = picked.trim().replace(/\s+/g, ' ');
  const target = mine.find((f) => String(f.id) === typed) ?? mine.find((f) => f.query === typed);
  const removed = target ? ctx.follows.store.remove(guildId, interaction.user.id, target.id) : null;
  if (!removed)
    throw new UserError('None of your follows matches that: pick one from the suggestions, or see `/follow list`.');
  await interaction.reply({
    content: `Stopped following \`${removed.query.replace(/`/g, "'")}\`.`,
    flags: MessageFlags.Ephemeral,
    allowedMentions: { parse: [] },
  });
}
