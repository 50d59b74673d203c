import { SlashCommandBuilder } from 'discord.js';
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
  await interaction.respond(matchingFollows(ctx, interaction.guildId ?? '', interaction.user.id, focused.value));
};
