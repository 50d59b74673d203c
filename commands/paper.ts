import { ActionRowBuilder, MessageFlags, SlashCommandBuilder, type ButtonBuilder } from 'discord.js';
import { discussionThread } from '../src/delivery/open-discussion.ts';
import type { CommandModule } from '../src/discord/command-module.ts';
import { paperChoices } from '../src/discord/paper-choices.ts';
import { resolvePaper, suggestPapers } from '../src/papers/find-paper.ts';
import { paperEmbed, paperLinkButtons } from '../src/discord/paper-embed.ts';
import { UserError } from '../src/discord/user-error.ts';
import { replyWithSummary } from '../src/summaries/summary-reply.ts';
import { voteByButton } from '../src/votes/vote-by-button.ts';
import { exportPapers } from '../src/votes/handlers/export.ts';
import { favourites } from '../src/votes/handlers/favourites.ts';
import { top } from '../src/votes/handlers/top.ts';
import { PERIODS } from '../src/votes/periods.ts';
import { openSearchResult, searchCommand, turnSearchPage } from '../src/search/search-command.ts';

const periodChoices = PERIODS.map((p) => ({ name: p, value: p }));

const paperOption = (o: import('discord.js').SlashCommandStringOption) =>
  o.setName('paper').setDescription('arXiv id, arXiv link or title').setRequired(true).setAutocomplete(true).setMaxLength(300);

export const data = new SlashCommandBuilder()
  .setName('paper')
  .setDescription('Find and read the papers this server has received')
  .setDMPermission(false)
  .addSubcommand((s) =>
    s
      .setName('search')
      .setDescription("Search this server's papers")
      .addStringOption((o) =>
        o.setName('query').setDescription('Words (all must match), "a phrase", -excluded, author:name').setRequired(true).setMaxLength(1000),
      )
      .addStringOption((o) => o.setName('author').setDescription('Only papers by this author').setMaxLength(100))
      .addStringOption((o) => o.setName('from').setDescription('Published on or after, YYYY-MM-DD').setMaxLength(10))
      .addStringOption((o) => o.setName('to').setDescription('Published on or before, YYYY-MM-DD').setMaxLength(10))
      .addStringOption((o) =>
        o.setName('sort').setDescription('relevance (default), newest, or votes here').addChoices(
          { name: 'relevance', value: 'relevance' },
          { name: 'newest', value: 'newest' },
          { name: 'votes', value: 'votes' },
        ),
      )
      .addBooleanOption((o) => o.setName('private').setDescription('Only you see the results (default false)')),
  )
  .addSubcommand((s) => s.setName('show').setDescription('Show one stored paper').addStringOption(paperOption))
  .addSubcommand((s) =>
    s
      .setName('summary')
      .setDescription("A paper's summary")
      .addStringOption(paperOption)
      .addStringOption((o) =>
        o.setName('length').setDescription('short (default) or detailed').addChoices(
          { name: 'short', value: 'short' },
          { name: 'detailed', value: 'detailed' },
        ),
      )
      .addBooleanOption((o) => o.setName('private').setDescription('Only you see the answer (default true)')),
  )
  .addSubcommand((s) =>
    s
      .setName('top')
      .setDescription("This server's most upvoted papers")
      .addStringOption((o) => o.setName('period').setDescription('Votes cast in… (default week)').addChoices(...periodChoices))
      .addStringOption((o) =>
        o.setName('sort').setDescription('votes (default) or hot: votes and HF upvotes, decaying with age').addChoices(
          { name: 'votes', value: 'votes' },
          { name: 'hot', value: 'hot' },
        ),
      )
      .addIntegerOption((o) => o.setName('limit').setDescription('How many (default 10)').setMinValue(1).setMaxValue(25)),
  )
  .addSubcommand((s) =>
    s
      .setName('favourites')
      .setDescription('The papers a member upvoted here, newest first')
      .addUserOption((o) => o.setName('member').setDescription('Whose (default: yours)'))
      .addIntegerOption((o) => o.setName('page').setDescription('Page (10 a page)').setMinValue(1)),
  )
  .addSubcommand((s) =>
    s
      .setName('export')
      .setDescription('Upvoted papers as a file')
      .addStringOption((o) =>
        o.setName('scope').setDescription('mine (default) or the whole server').addChoices(
          { name: 'mine', value: 'mine' },
          { name: 'server', value: 'server' },
        ),
      )
      .addStringOption((o) =>
        o.setName('format').setDescription('bibtex (default), csv or json').addChoices(
          { name: 'bibtex', value: 'bibtex' },
          { name: 'csv', value: 'csv' },
          { name: 'json', value: 'json' },
        ),
      )
      .addStringOption((o) => o.setName('period').setDescription('Votes cast in… (default all)').addChoices(...periodChoices)),
  );

const listings = { search: searchCommand, top, favourites, export: exportPapers } as const;

export const execute: CommandModule['execute'] = async (interaction, ctx) => {
  const sub = interaction.options.getSubcommand(true);
  if (sub in listings) {
    await listings[sub as keyof typeof listings](interaction, ctx);
    return;
  }
  const typed = interaction.options.getString('paper', true);
  if (sub === 'summary') {
    const length = interaction.options.getString('length') === 'detailed' ? 'detailed' : 'short';
    await replyWithSummary(interaction, ctx, typed, length, { private: interaction.options.getBoolean('private') ?? true });
    return;
  }
  const paper = resolvePaper(ctx, interaction.guildId ?? '', typed);
  if (!paper) {
    throw new UserError(`No stored paper matches "${typed.slice(0, 100)}". Try an arXiv id such as 2509.04664, or pick a title from the suggestions.`);
  }
  await interaction.reply({
    embeds: [paperEmbed(paper)],
    components: [new ActionRowBuilder<ButtonBuilder>().addComponents(paperLinkButtons(paper))],
  });
};

export const autocomplete: CommandModule['autocomplete'] = async (interaction, ctx) => {
  const focused = interaction.options.getFocused(true);
  if (focused.name !== 'paper') return interaction.respond([]);
  await interaction.respond(paperChoices(suggestPapers(ctx, interaction.guildId ?? '', focused.value)));
};

export const component: CommandModule['component'] = async (interaction, ctx, id) => {
  if (id.action === 'page') {
    await turnSearchPage(interaction, ctx, id.args[0] ?? '', Number(id.args[1]));
    return;
  }
  const paperId = interaction.isStringSelectMenu() ? interaction.values[0] : id.args[0];
  if (!paperId) throw new UserError('That control does not name a paper.');
  switch (id.action) {
    case 'open':
      await openSearchResult(interaction, ctx, paperId);
      return;
    case 'vote':
      await voteByButton(interaction, ctx, paperId);
      return;
    case 'discuss':
    case 'discuss-pick': {
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      const threadId = await discussionThread(ctx, interaction.channelId, paperId);
      await interaction.editReply(`Discuss it here: <#${threadId}>`);
      return;
    }
    case 'summary':
    case 'summary-pick':
      await replyWithSummary(interaction, ctx, paperId, 'short', { private: true });
      return;
    default:
      throw new UserError('This button is no longer supported. Newer posts have working ones.');
  }
};
