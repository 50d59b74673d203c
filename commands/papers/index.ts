import { PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import type { BotContext } from '../../src/app/context.ts';
import type { CommandModule } from '../../src/discord/command-module.ts';
import { commandTree } from '../../src/discord/command-tree.ts';
import { suggestTimeZones } from '../../src/schedule/time-zone-choices.ts';
import * as list from './list.ts';
import * as postNow from './post-now.ts';
import * as preview from './preview.ts';
import * as settings from './settings.ts';
import * as status from './status.ts';
import * as subscribe from './subscribe.ts';
import * as unsubscribe from './unsubscribe.ts';

export const { data, execute } = commandTree<BotContext>(
  new SlashCommandBuilder()
    .setName('papers')
    .setDescription('Set up the daily Hugging Face papers in this server')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setDMPermission(false),
  { subscribe, unsubscribe, list, preview, 'post-now': postNow, status, settings },
);

export const autocomplete: CommandModule<BotContext>['autocomplete'] = async (interaction) => {
  const focused = interaction.options.getFocused(true);
  const zones =
    focused.name === 'timezone' || focused.name === 'weekly-timezone' ? suggestTimeZones(focused.value) : [];
  await interaction.respond(zones.map((z) => ({ name: z, value: z })));
};
