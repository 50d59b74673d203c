import { SlashCommandBuilder } from 'discord.js';
import type { BotContext } from '../../src/app/context.ts';
import type { CommandModule } from '../../src/discord/command-module.ts';
import { commandTree } from '../../src/discord/command-tree.ts';
import { paperChoices } from '../../src/discord/paper-choices.ts';
import { suggestPapers } from '../../src/papers/find-paper.ts';
import * as ask from './ask.ts';
import * as discussButton from './discuss-button.ts';
import * as exportPapers from './export.ts';
import * as favourites from './favourites.ts';
import * as openMenu from './open-menu.ts';
import * as pageButton from './page-button.ts';
import * as recommend from './recommend.ts';
import * as search from './search.ts';
import * as show from './show.ts';
import * as summary from './summary.ts';
import * as summaryButton from './summary-button.ts';
import * as top from './top.ts';
import * as voteButton from './vote-button.ts';

export const { data, execute, component } = commandTree<BotContext>(
  new SlashCommandBuilder()
    .setName('paper')
    .setDescription('Find and read the papers this server has received')
    .setDMPermission(false),
  { search, show, summary, top, favourites, export: exportPapers, ask, recommend },
  [pageButton, openMenu, voteButton, discussButton, summaryButton],
);

export const autocomplete: CommandModule<BotContext>['autocomplete'] = async (interaction, ctx) => {
  const focused = interaction.options.getFocused(true);
  if (focused.name !== 'paper') return interaction.respond([]);
  await interaction.respond(paperChoices(suggestPapers(ctx, interaction.guildId ?? '', focused.value)));
};
