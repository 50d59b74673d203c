import { MessageFlags, type ChatInputCommandInteraction, type SlashCommandSubcommandBuilder } from 'discord.js';
import type { BotContext } from '../../src/app/context.ts';
import { followListEmbed } from '../../src/discord/follow-list-layout.ts';

export const definition = (s: SlashCommandSubcommandBuilder) =>
  s.setName('list').setDescription('Your follows in this server, and any that are paused');

/** `/follow list`: the member's own follows, only to them. */
export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const follows = ctx.follows.store.ofMember(interaction.guildId ?? '', interaction.user.id);
  await interaction.reply({
    embeds: [followListEmbed(follows)],
    flags: MessageFlags.Ephemeral,
    allowedMentions: { parse: [] },
  });
}
