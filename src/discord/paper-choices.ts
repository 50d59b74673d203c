import type { ApplicationCommandOptionChoiceData } from 'discord.js';
import { truncate } from '../format/text.ts';
import { normalizeArxivId } from '../papers/arxiv-id.ts';
import type { PaperLookup, TitleMatch } from '../papers/find-paper.ts';
import type { SearchRequest, SearchResult } from '../search/types.ts';
import { LIMITS } from './limits.ts';

/** Autocomplete choices for papers: the title shown, the arXiv id sent back. */
export function paperChoices(matches: readonly TitleMatch[]): ApplicationCommandOptionChoiceData<string>[] {
  return matches.slice(0, LIMITS.autocompleteChoices).map((m) => ({
    name: truncate(`${m.title} (${m.id})`, LIMITS.choiceName),
    value: m.id,
  }));
}

/**
 * Papers for what a member is typing: an arXiv id or link goes straight to that paper; words go through
 * the search index (the last word as a prefix), which stays fast on a large store where a LIKE over every
 * title would not.
 */
export function suggestPapers(
  ctx: { lookup: PaperLookup; search: { run(guildId: string, request: SearchRequest): SearchResult } },
  guildId: string,
  typed: string,
): TitleMatch[] {
  const text = typed.trim().slice(0, 200);
  if (!text || normalizeArxivId(text)) return ctx.lookup.suggest(text);
  const result = ctx.search.run(guildId, { query: text, pageSize: 10 });
  return result.results.map((r) => ({ id: r.id, title: r.title }));
}
