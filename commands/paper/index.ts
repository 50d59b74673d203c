import { SlashCommandBuilder, type ChatInputCommandInteraction, type MessageComponentInteraction } from 'discord.js';
import type { BotContext } from '../../src/app/context.ts';
import type { CommandModule } from '../../src/discord/command-module.ts';
import type { CustomId } from '../../src/discord/custom-id.ts';
import { paperChoices } from '../../src/discord/paper-choices.ts';
import { UserError } from '../../src/discord/user-error.ts';
import { suggestPapers } from '../../src/papers/find-paper.ts';
import * as discussButton from './discuss-button.ts';
import * as exportPapers from './export.ts';
import * as favourites from './favourites.ts';
import * as openMenu from './open-menu.ts';
import * as pageButton from './page-button.ts';
import * as search from './search.ts';
import * as show from './show.ts';
import * as summary from './summary.ts';
import * as summaryButton from './summary-button.ts';
import * as top from './top.ts';
import * as voteButton from './vote-button.ts';

interface Subcommand {
  definition: Parameters<SlashCommandBuilder['addSubcommand']>[0];
  execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void>;
}
interface Component {
  actions: readonly string[];
  handle(interaction: MessageComponentInteraction, ctx: BotContext, id: CustomId): Promise<void>;
}

// In the order Discord shows them.
const subcommands: Record<string, Subcommand> = { search, show, summary, top, favourites, export: exportPapers };
const components = new Map<string, Component>(
  [pageButton, openMenu, voteButton, discussButton, summaryButton].flatMap((c) =>
    c.actions.map((a) => [a, c] as const),
  ),
);

const builder = new SlashCommandBuilder()
  .setName('paper')
  .setDescription('Find and read the papers this server has received')
  .setDMPermission(false);
for (const s of Object.values(subcommands)) builder.addSubcommand(s.definition);
export const data = builder;

export const execute: CommandModule<BotContext>['execute'] = async (interaction, ctx) => {
  const sub = subcommands[interaction.options.getSubcommand(true)];
  if (!sub) throw new UserError('This subcommand is no longer supported. Type /paper to see the current ones.');
  await sub.execute(interaction, ctx);
};

export const autocomplete: CommandModule<BotContext>['autocomplete'] = async (interaction, ctx) => {
  const focused = interaction.options.getFocused(true);
  if (focused.name !== 'paper') return interaction.respond([]);
  await interaction.respond(paperChoices(suggestPapers(ctx, interaction.guildId ?? '', focused.value)));
};

export const component: CommandModule<BotContext>['component'] = async (interaction, ctx, id) => {
  const handler = components.get(id.action);
  if (!handler) throw new UserError('This button is no longer supported. Newer posts have working ones.');
  await handler.handle(interaction, ctx, id);
};
