import { PermissionFlagsBits, PermissionsBitField } from 'discord.js';

/** What the bot asks for when invited: posting, threads, the reading club's events and polls. */
export const INVITE_PERMISSIONS = [
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.SendMessages,
  PermissionFlagsBits.EmbedLinks,
  PermissionFlagsBits.ReadMessageHistory,
  PermissionFlagsBits.CreatePublicThreads,
  PermissionFlagsBits.SendMessagesInThreads,
  PermissionFlagsBits.CreateEvents,
  PermissionFlagsBits.SendPolls,
] as const;

/** The link a server admin opens to add the bot, with its scopes and permissions. */
export function inviteUrl(applicationId: string): string {
  const permissions = new PermissionsBitField([...INVITE_PERMISSIONS]).bitfield.toString();
  const query = new URLSearchParams({ client_id: applicationId, scope: 'bot applications.commands', permissions });
  return `https://discord.com/oauth2/authorize?${query.toString()}`;
}
