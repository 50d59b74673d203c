import { PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import type { BotContext } from '../../src/app/context.ts';
import type { CommandModule } from '../../src/discord/command-module.ts';
import { commandTree } from '../../src/discord/command-tree.ts';
import * as add from './add.ts';
import { matchingFollows } from './follow-choices.ts';
import * as list from './list.ts';
import * as remove from './remove.ts';

export const { data, execute } = commandTree<BotContext>(
  new SlashCommandBuilder()
    .setName('follow')
    .setDescription('Hear about new papers matching a search, by DM or here')
    .setDMPermission(false),
  { add, list, remove },
);

export const autocomplete: CommandModule<BotContext>['autocomplete'] = async (interaction, ctx) => {
  const focused = interaction.options.getFocused(true);
  if (focused.name !== 'follow') return interaction.respond([]);
  const guildId = interaction.guildId ?? '';
  // `member` is sent as the user's id while its value is only typed, not resolved.
  const member = interaction.options.get('member')?.value;
  if (typeof member !== 'string' || member === interaction.user.id)
    return interaction.respond(matchingFollows(ctx, guildId, interaction.user.id, focused.value));
  // Another member's follows are shown only to a moderator, and only those posting in this server.
  if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) return interaction.respond([]);
  const channelName = (id: string) => interaction.guild?.channels.cache.get(id)?.name ?? null;
  await interaction.respond(matchingFollows(ctx, guildId, member, focused.value, { channelName }));
};
