import { PermissionFlagsBits, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../../src/app/context.ts';
import type { CommandModule } from '../../src/discord/command-module.ts';
import { UserError } from '../../src/discord/user-error.ts';
import { suggestTimeZones } from '../../src/schedule/time-zone-choices.ts';
import * as list from './list.ts';
import * as postNow from './post-now.ts';
import * as preview from './preview.ts';
import * as settings from './settings.ts';
import * as status from './status.ts';
import * as subscribe from './subscribe.ts';
import * as unsubscribe from './unsubscribe.ts';

interface Subcommand {
  definition: Parameters<SlashCommandBuilder['addSubcommand']>[0];
  execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void>;
}

// In the order Discord shows them.
const subcommands: Record<string, Subcommand> = {
  subscribe,
  unsubscribe,
  list,
  preview,
  'post-now': postNow,
  status,
  settings,
};

const builder = new SlashCommandBuilder()
  .setName('papers')
  .setDescription('Set up the daily Hugging Face papers in this server')
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setDMPermission(false);
for (const s of Object.values(subcommands)) builder.addSubcommand(s.definition);
export const data = builder;

export const execute: CommandModule<BotContext>['execute'] = async (interaction, ctx) => {
  const sub = subcommands[interaction.options.getSubcommand(true)];
  if (!sub) throw new UserError('This subcommand is no longer supported. Type /papers to see the current ones.');
  await sub.execute(interaction, ctx);
};

export const autocomplete: CommandModule<BotContext>['autocomplete'] = async (interaction) => {
  const focused = interaction.options.getFocused(true);
  const zones =
    focused.name === 'timezone' || focused.name === 'weekly-timezone' ? suggestTimeZones(focused.value) : [];
  await interaction.respond(zones.map((z) => ({ name: z, value: z })));
};
