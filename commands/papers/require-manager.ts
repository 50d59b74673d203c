import { PermissionFlagsBits, type ChatInputCommandInteraction, type Guild } from 'discord.js';
import { UserError } from '../../src/discord/user-error.ts';

/**
 * Server settings need Manage Server. Discord's default member permissions can be overridden by a
 * server's admins, so the handler checks again itself.
 */
export function requireManager(interaction: ChatInputCommandInteraction): Guild {
  if (!interaction.inCachedGuild()) throw new UserError('Use this command in a server.');
  if (!interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)) {
    throw new UserError('You need the **Manage Server** permission to change how Paperboy posts in this server.');
  }
  return interaction.guild;
}
