import { MessageFlags, type ChatInputCommandInteraction, type SlashCommandSubcommandBuilder } from 'discord.js';
import { z } from 'zod';
import type { BotContext } from '../../src/app/context.ts';
import { cancelSession } from '../../src/club/sessions.ts';
import { readOptions } from '../../src/discord/read-options.ts';
import { UserError } from '../../src/discord/user-error.ts';
import { requireEventManager } from './require-events.ts';

export const definition = (s: SlashCommandSubcommandBuilder) =>
  s
    .setName('cancel')
    .setDescription('Cancel an upcoming reading session')
    .addStringOption((o) =>
      o.setName('session').setDescription('The session').setRequired(true).setAutocomplete(true).setMaxLength(30),
    );

export const options = z.object({ session: z.string() });

/** `/club cancel`: cancels the Discord event and says so in the paper's thread. */
export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const guild = requireEventManager(interaction);
  const { session: eventId } = readOptions(interaction, options);
  const session = ctx.club.sessions.get(eventId.trim());
  if (!session || session.guildId !== guild.id || session.status === 'completed' || session.status === 'cancelled') {
    throw new UserError('No upcoming session matches that: pick one from the suggestions, or see `/club list`.');
  }
  if (session.status === 'active') throw new UserError('That session has started: it can no longer be cancelled.');
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  await cancelSession(ctx.club, session);
  await interaction.editReply(`Cancelled the session, and said so in <#${session.threadId}>.`);
}
