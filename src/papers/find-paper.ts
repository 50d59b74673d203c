import type { Database } from 'better-sqlite3';
import type { SearchRequest, SearchResult } from '../search/types.ts';
import { normalizeArxivId } from './arxiv-id.ts';
import type { Paper } from './paper.ts';
import type { PaperStore } from './paper-store.ts';

export interface TitleMatch {
  id: string;
  title: string;
}

export interface LookupContext {
  papers: PaperStore;
  lookup: PaperLookup;
  search: { run(guildId: string, request: SearchRequest): SearchResult };
}

export type PaperLookup = ReturnType<typeof createPaperLookup>;

/** The newest papers, for an autocomplete the member has not typed into yet. */
export function createPaperLookup(db: Database) {
  const recent = db.prepare<[number], TitleMatch>(
    'SELECT id, title FROM papers ORDER BY first_seen_at DESC, hf_upvotes DESC LIMIT ?',
  );
  return { recent: (limit = 25): TitleMatch[] => recent.all(limit) };
}

/**
 * Papers for what a member is typing: an arXiv id or link goes straight to that paper; words go through
 * the search index (the last word as a prefix), which stays fast on a large store where a LIKE over every
 * title would not.
 */
export function suggestPapers(ctx: LookupContext, guildId: string, typed: string, limit = 10): TitleMatch[] {
  const text = typed.trim().slice(0, 200);
  if (!text) return ctx.lookup.recent(limit);
  const id = normalizeArxivId(text);
  if (id) {
    const paper = ctx.papers.get(id);
    return paper ? [{ id: paper.id, title: paper.title }] : [];
  }
  return ctx.search.run(guildId, { query: text, pageSize: limit }).results.map((r) => ({ id: r.id, title: r.title }));
}

/** The paper a member means: by arXiv id or link, else the best search match for the words. */
export function resolvePaper(ctx: LookupContext, guildId: string, typed: string): Paper | null {
  const [best] = suggestPapers(ctx, guildId, typed, 1);
  return best ? ctx.papers.get(best.id) : null;
}
