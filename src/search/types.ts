export type SearchSort = 'relevance' | 'newest' | 'votes';

export interface SearchRequest {
  query: string;
  /** Inclusive YYYY-MM-DD bounds on the arXiv publication date. */
  from?: string | null;
  to?: string | null;
  sort?: SearchSort;
  /** 1-based. */
  page?: number;
  /** 5 to 10; other values are clamped. */
  pageSize?: number;
}

export interface SearchHit {
  id: string;
  title: string;
  publishedAt: string | null;
  hfUpvotes: number;
  /** Relevance, higher is better (FTS5's bm25 with the sign flipped); 0 for the newest sort. */
  score: number;
  /** Matched text with the hits in **bold**, when available. */
  snippet?: string;
}

/** One way to loosen a query that found nothing; `matches` tells whether doing so finds something. */
export type Loosening =
  | { kind: 'drop-term'; term: string }
  | { kind: 'drop-dates' }
  | { kind: 'drop-author'; term: string }
  | { kind: 'drop-exclusions' };

export interface SearchResult {
  /**
   * ok: results (possibly an empty page past the end); no-results: nothing matched, see `suggestions`;
   * empty-query: no word to search for (empty, or only exclusions); invalid: see `message`.
   */
  status: 'ok' | 'no-results' | 'empty-query' | 'invalid';
  results: SearchHit[];
  /**
   * Matching papers. An estimate when `totalIsEstimate`: counting every match of a common word costs as much as the
   * search avoids.
   */
  total?: number;
  totalIsEstimate: boolean;
  page: number;
  pageSize: number;
  suggestions: Loosening[];
  message?: string;
  /** False when a fast path could not prove its top results are the exact bm25 top (they are then very close). */
  exact: boolean;
}

/**
 * Server votes for `sort: 'votes'`, by paper id. Until the bot stores votes, omit it: the sort then falls back
 * to Hugging Face upvotes. Called once per search with the relevance candidates (at most a few hundred ids).
 */
export type VoteCounts = (ids: readonly string[]) => ReadonlyMap<string, number>;
