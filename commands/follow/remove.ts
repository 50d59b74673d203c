import {
  MessageFlags,
  PermissionFlagsBits,
  type ChatInputCommandInteraction,
  type SlashCommandSubcommandBuilder,
} from 'discord.js';
import { z } from 'zod';
import type { BotContext } from '../../src/app/context.ts';
import { readOptions, userOption } from '../../src/discord/read-options.ts';
import { UserError } from '../../src/discord/user-error.ts';
import type { Follow } from '../../src/follows/follow.ts';
import { followsOf } from './follow-choices.ts';

export const definition = (s: SlashCommandSubcommandBuilder) =>
  s
    .setName('remove')
    .setDescription('Stop following a search (with Manage Server: a member’s follow posting in this server)')
    .addStringOption((o) =>
      o.setName('follow').setDescription('The follow').setRequired(true).setAutocomplete(true).setMaxLength(200),
    )
    .addUserOption((o) =>
      o.setName('member').setDescription('Whose follow posting in this server (needs Manage Server; default: yours)'),
    );

export const options = z.object({ follow: z.string(), member: userOption().optional() });

const code = (query: string) => `\`${query.replace(/`/g, "'")}\``;

/**
 * `/follow remove`: one of the member's own follows, by the id the autocomplete gives or by the query typed out in
 * full; with `member`, a moderator (Manage Server) removes one of that member's follows posting in this server.
 */
export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const guildId = interaction.guildId ?? '';
  const { follow: picked, member } = readOptions(interaction, options);
  const ownerId = member?.id ?? interaction.user.id;
  const mine = ownerId === interaction.user.id;
  if (!mine && !interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
    throw new UserError(
      "Removing another member's follow needs the **Manage Server** permission. " +
        'Without `member`, `/follow remove` removes one of yours.',
    );
  }
  const candidates = followsOf(ctx, guildId, ownerId, !mine);
  const typed = picked.trim().replace(/\s+/g, ' ');
  const target = candidates.find((f) => String(f.id) === typed) ?? candidates.find((f) => f.query === typed);
  const removed = target ? ctx.follows.store.remove(guildId, ownerId, target.id) : null;
  if (!removed && mine)
    throw new UserError('None of your follows matches that: pick one from the suggestions, or see `/follow list`.');
  if (!removed)
    throw new UserError(
      `None of <@${ownerId}>'s follows posting in this server matches that: pick one from the suggestions.`,
    );
  if (!mine)
    ctx.log.info({ guild: guildId, moderator: interaction.user.id, follow: removed.id }, "removed a member's follow");
  await interaction.reply({
    content: mine ? `Stopped following ${code(removed.query)}.` : removedText(removed),
    flags: MessageFlags.Ephemeral,
    allowedMentions: { parse: [] },
  });
}

const removedText = (f: Follow) =>
  `Removed <@${f.userId}>'s follow ${code(f.query)}, which posted in <#${f.channelId}>.`;
