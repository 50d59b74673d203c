import { MessageFlags, type ChatInputCommandInteraction, type SlashCommandSubcommandBuilder } from 'discord.js';
import { z } from 'zod';
import type { BotContext } from '../../src/app/context.ts';
import { readOptions } from '../../src/discord/read-options.ts';
import { renderSearchPage, searchProblem, type SearchReply } from '../../src/discord/search-layout.ts';
import { UserError } from '../../src/discord/user-error.ts';
import type { SearchRequest } from '../../src/search/types.ts';

export const PAGE_SIZE = 5;
const MAX_QUERY = 1_000;
const SORTS = ['relevance', 'newest', 'votes'] as const;

export const definition = (s: SlashCommandSubcommandBuilder) =>
  s
    .setName('search')
    .setDescription("Search this server's papers")
    .addStringOption((o) =>
      o
        .setName('query')
        .setDescription('Words (all must match), "a phrase", -excluded, author:name')
        .setRequired(true)
        .setMaxLength(MAX_QUERY),
    )
    .addStringOption((o) => o.setName('author').setDescription('Only papers by this author').setMaxLength(100))
    .addStringOption((o) => o.setName('from').setDescription('Published on or after, YYYY-MM-DD').setMaxLength(10))
    .addStringOption((o) => o.setName('to').setDescription('Published on or before, YYYY-MM-DD').setMaxLength(10))
    .addStringOption((o) =>
      o
        .setName('sort')
        .setDescription('relevance (default), newest, or votes here')
        .addChoices(...SORTS.map((s) => ({ name: s, value: s }))),
    )
    .addBooleanOption((o) => o.setName('private').setDescription('Only you see the results (default false)'));

export const options = z.object({
  query: z.string(),
  author: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  sort: z.enum(SORTS).default('relevance'),
  private: z.boolean().default(false),
});

export type SearchOptions = Pick<z.input<typeof options>, 'query' | 'author' | 'from' | 'to' | 'sort'>;

/** The request a member's options describe. The author option becomes an `author:"…"` term of the query. */
export function searchRequest(o: SearchOptions): SearchRequest {
  const author = o.author?.replace(/["\\]/g, ' ').trim();
  return {
    query: `${o.query.slice(0, MAX_QUERY)}${author ? ` author:"${author.slice(0, 100)}"` : ''}`,
    from: o.from?.trim() || null,
    to: o.to?.trim() || null,
    sort: o.sort ?? 'relevance',
    page: 1,
    pageSize: PAGE_SIZE,
  };
}

/**
 * Runs a search and renders a page, or throws a UserError saying what to change. Free of interaction
 * objects, so the fuzz test drives exactly what the slash command does.
 */
export function searchPage(
  ctx: Pick<BotContext, 'search' | 'votes'>,
  userId: string,
  guildId: string,
  request: SearchRequest,
  token?: string,
): SearchReply {
  const result = ctx.search.run(guildId, request);
  if (result.status !== 'ok' || (result.results.length === 0 && result.page === 1)) {
    throw new UserError(searchProblem(result));
  }
  const counts = ctx.votes.counts(
    guildId,
    result.results.map((r) => r.id),
  );
  const id = token ?? ctx.search.sessions.open(userId, guildId, request);
  return renderSearchPage(request, result, id, (paperId) => counts.get(paperId) ?? 0);
}

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  if (!interaction.inGuild())
    throw new UserError('Search from a server: each server searches its own papers and votes.');
  const o = readOptions(interaction, options);
  const page = searchPage(ctx, interaction.user.id, interaction.guildId, searchRequest(o));
  await interaction.reply({
    ...page,
    allowedMentions: { parse: [] },
    ...(o.private ? { flags: MessageFlags.Ephemeral } : {}),
  });
}
