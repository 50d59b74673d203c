import { PermissionFlagsBits, type Guild, type Interaction } from 'discord.js';
import { UserError } from '../../src/discord/user-error.ts';

/**
 * Scheduling, cancelling and polls need Manage Events. Every member sees /club (Discord's default permission
 * covers a whole command, and list and history are for everyone), so the handler checks.
 */
export function requireEventManager(interaction: Interaction): Guild {
  if (!interaction.inCachedGuild()) throw new UserError('Use this command in a server.');
  if (!interaction.memberPermissions.has(PermissionFlagsBits.ManageEvents)) {
    throw new UserError('You need the **Manage Events** permission to schedule reading sessions and polls.');
  }
  return interaction.guild;
}
