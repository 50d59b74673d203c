import { SlashCommandBuilder } from 'discord.js';
import type { BotContext } from '../../src/app/context.ts';
import type { CommandModule } from '../../src/discord/command-module.ts';
import { commandTree } from '../../src/discord/command-tree.ts';
import { paperChoices } from '../../src/discord/paper-choices.ts';
import { suggestPapers } from '../../src/papers/find-paper.ts';
import { suggestTimeZones } from '../../src/schedule/time-zone-choices.ts';
import * as cancel from './cancel.ts';
import * as history from './history.ts';
import * as list from './list.ts';
import * as poll from './poll.ts';
import * as scheduleIt from './schedule-it-button.ts';
import * as schedule from './schedule.ts';
import { matchingSessions } from './session-choices.ts';

// Every member sees /club: list and history are for all, and the handlers of the rest (and Schedule it) check
// Manage Events.
export const { data, execute, component, modal } = commandTree<BotContext>(
  new SlashCommandBuilder()
    .setName('club')
    .setDescription('The reading club: sessions on papers')
    .setDMPermission(false),
  { schedule, list, cancel, history, poll },
  [scheduleIt],
);

export const autocomplete: CommandModule<BotContext>['autocomplete'] = async (interaction, ctx) => {
  const focused = interaction.options.getFocused(true);
  const guildId = interaction.guildId ?? '';
  if (focused.name === 'paper') return interaction.respond(paperChoices(suggestPapers(ctx, guildId, focused.value)));
  if (focused.name === 'timezone') {
    return interaction.respond(suggestTimeZones(focused.value).map((z) => ({ name: z, value: z })));
  }
  if (focused.name === 'session') return interaction.respond(matchingSessions(ctx, guildId, focused.value));
  await interaction.respond([]);
};
