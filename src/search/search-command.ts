import { MessageFlags, type ChatInputCommandInteraction, type MessageComponentInteraction } from 'discord.js';
import type { BotContext } from '../app/bot-context.ts';
import { UserError } from '../discord/user-error.ts';
import { paperEmbed, paperLinkButtons } from '../discord/paper-embed.ts';
import { renderSearchPage, searchProblem, type SearchReply } from './search-reply.ts';
import type { SearchRequest, SearchSort } from './types.ts';

export const PAGE_SIZE = 5;
const MAX_QUERY = 1_000;

export interface SearchOptions {
  query: string;
  author?: string | null;
  from?: string | null;
  to?: string | null;
  sort?: string | null;
}

/** The request a member's options describe. The author option becomes an `author:"…"` term of the query. */
export function searchRequest(o: SearchOptions): SearchRequest {
  const author = o.author?.replace(/["\\]/g, ' ').trim();
  const sort: SearchSort = o.sort === 'newest' || o.sort === 'votes' ? o.sort : 'relevance';
  return {
    query: `${o.query.slice(0, MAX_QUERY)}${author ? ` author:"${author.slice(0, 100)}"` : ''}`,
    from: o.from?.trim() || null,
    to: o.to?.trim() || null,
    sort,
    page: 1,
    pageSize: PAGE_SIZE,
  };
}

/**
 * Runs a search and renders a page, or throws a UserError saying what to change. Pure of Discord, so the
 * fuzz test drives exactly what the slash command does.
 */
export function searchPage(ctx: Pick<BotContext, 'search' | 'votes'>, userId: string, guildId: string, request: SearchRequest, token?: string): SearchReply {
  const result = ctx.search.run(guildId, request);
  if (result.status !== 'ok' || result.results.length === 0 && result.page === 1) throw new UserError(searchProblem(result));
  const counts = ctx.votes.counts(guildId, result.results.map((r) => r.id));
  const id = token ?? ctx.search.sessions.open(userId, guildId, request);
  return renderSearchPage(request, result, id, (paperId) => counts.get(paperId) ?? 0);
}

export async function searchCommand(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  if (!interaction.inGuild()) throw new UserError('Search from a server: each server searches its own papers and votes.');
  const o = interaction.options;
  const request = searchRequest({ query: o.getString('query', true), author: o.getString('author'), from: o.getString('from'), to: o.getString('to'), sort: o.getString('sort') });
  const page = searchPage(ctx, interaction.user.id, interaction.guildId, request);
  const privately = o.getBoolean('private') ?? false;
  await interaction.reply({ ...page, allowedMentions: { parse: [] }, ...(privately ? { flags: MessageFlags.Ephemeral } : {}) });
}

/** Prev/Next: only the member who searched may turn the page; the message is updated in place. */
export async function turnSearchPage(interaction: MessageComponentInteraction, ctx: BotContext, token: string, page: number): Promise<void> {
  const session = ctx.search.sessions.get(token);
  if (!session) throw new UserError('This search has expired. Run `/paper search` again.');
  if (session.userId !== interaction.user.id) {
    throw new UserError('Only the member who searched can turn these pages. Run `/paper search` yourself to browse.');
  }
  const request = { ...session.request, page: Math.max(1, page) };
  ctx.search.sessions.update(token, request);
  await interaction.update({ ...searchPage(ctx, session.userId, session.guildId, request, token), allowedMentions: { parse: [] } });
}

/** The result menu: the chosen paper's card, for whoever picked it. */
export async function openSearchResult(interaction: MessageComponentInteraction, ctx: BotContext, paperId: string): Promise<void> {
  const paper = ctx.papers.get(paperId);
  if (!paper) throw new UserError('That paper is no longer stored.');
  await interaction.reply({
    embeds: [paperEmbed(paper)],
    components: [{ type: 1, components: paperLinkButtons(paper).map((b) => b.toJSON()) }],
    flags: MessageFlags.Ephemeral,
    allowedMentions: { parse: [] },
  });
}
