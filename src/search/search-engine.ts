import type { Database } from 'better-sqlite3';
import { createFtsPaths, type DateRange } from './fts-paths.ts';
import { matchExpression } from './fts-query.ts';
import { searchLists } from './list-path.ts';
import { createPlanner, type Plan } from './planner.ts';
import { parseQuery } from './query-parser.ts';
import { createScorer, type ScoreContext, type Scored } from './scorer.ts';
import { createSideIndex } from './side-index.ts';
import { makeSnippet } from './snippet.ts';
import { suggest } from './suggestions.ts';
import { DEFAULT_LIST_OPTIONS, type ListOptions } from './term-lists.ts';
import { createTokenizer } from './tokenizer.ts';
import type { SearchRequest, SearchResult, VoteCounts } from './types.ts';
import { toUnits, type Unit } from './units.ts';

export interface SearchEngineOptions {
  lists?: Partial<ListOptions>;
  /** Drain the side index's change queue before each search (default true). */
  autoSync?: boolean;
  /** Server votes for sort 'votes'; without it that sort uses Hugging Face upvotes alone. */
  voteCounts?: VoteCounts;
  /** FTS5 snippets on results (default true). */
  snippets?: boolean;
}

export type SearchEngine = ReturnType<typeof createSearch>;

// Rows a rare term's FTS5 ranking hands to the exact scorer when common terms come with it, and rows the
// newest sort walks by date before giving up on a fast answer.
const MIXED_CANDIDATES = 400;
const NEWEST_WALK = 5_000;
// The relevance candidates re-sorted by votes.
const VOTE_CANDIDATES = 100;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
function day(s: string | null | undefined, next: boolean): string | null | Error {
  if (s === null || s === undefined || s === '') return null;
  const m = DAY.exec(s.trim());
  const t = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== s.trim())
    return new Error(`"${s}" is not a date like 2025-09-04`);
  return new Date(t + (next ? 86_400_000 : 0)).toISOString().slice(0, 10);
}

/** A ranking's rows; `total` when the ranking counted the matches itself. */
interface Ranked {
  hits: Scored[];
  exact: boolean;
  estimated: boolean;
  total?: number;
}

export function createSearch(db: Database, opts: SearchEngineOptions = {}) {
  const listOptions = { ...DEFAULT_LIST_OPTIONS, ...opts.lists };
  const tokenizer = createTokenizer(db);
  const side = createSideIndex(db, tokenizer, listOptions);
  const planner = createPlanner(db, side, listOptions);
  const score = createScorer(db, tokenizer);
  const fts = createFtsPaths(db);

  const byScore = (a: Scored, b: Scored) => b.score - a.score || a.pk - b.pk;

  function relevance(plan: Plan, match: string, ctx: ScoreContext, k: number, dates: DateRange): Ranked {
    if (plan.common.length === 0) return { ...fts.topCounted(match, k, dates), exact: true, estimated: false };
    if (plan.rare.length > 0) {
      // The rare terms' own ranking picks the candidates; common terms add little (their idf is low) and are scored
      // exactly.
      const limit = Math.max(MIXED_CANDIDATES, 4 * k);
      const cands = fts.topByBm25(matchExpression(plan.rare.map((u) => u.term))!, limit, dates);
      const hits = score(
        cands.map((c) => c.pk),
        ctx,
      )
        .sort(byScore)
        .slice(0, k);
      return { hits, exact: cands.length < limit, estimated: cands.length >= limit };
    }
    const out = plan.listKey.size > 0 ? searchLists(plan, side.lists, score, ctx, k) : null;
    if (out && !out.exhausted) return { hits: out.hits, exact: out.exact, estimated: true };
    // No list stands for these terms, or the filters ate the lists: the slow exact way (its total is not
    // counted: that would walk every match again).
    return { hits: fts.topByBm25(match, k, dates), exact: true, estimated: true };
  }

  function newest(plan: Plan, match: string, ctx: ScoreContext, k: number, dates: DateRange): Ranked {
    // A rare term bounds the rows FTS5 has to sort; only all-common queries walk the papers by date instead,
    // where nearly every row matches and a few hundred rows give a page.
    if (plan.rare.length > 0) return { hits: fts.newest(match, k, dates), exact: true, estimated: false };
    const hits: Scored[] = [];
    let cursor = { at: '\u{10ffff}', pk: Number.MAX_SAFE_INTEGER };
    for (let walked = 0; hits.length < k && walked < NEWEST_WALK;) {
      const rows = fts.recent(cursor, dates, 500);
      if (rows.length === 0) return { hits, exact: true, estimated: true };
      walked += rows.length;
      const last = rows[rows.length - 1]!;
      cursor = { at: last[1], pk: last[0] };
      const found = score(
        rows.map((r) => r[0]),
        ctx,
      ).sort((a, b) => (b.publishedAt! < a.publishedAt! ? -1 : b.publishedAt! > a.publishedAt! ? 1 : b.pk - a.pk));
      hits.push(...found);
    }
    if (hits.length >= k) return { hits: hits.slice(0, k), exact: true, estimated: true };
    return { hits: fts.newest(match, k, dates), exact: true, estimated: true };
  }

  function search(req: SearchRequest): SearchResult {
    const whole = (x: number | undefined, fallback: number) =>
      x !== undefined && Number.isFinite(x) ? Math.floor(x) : fallback;
    const pageSize = Math.min(10, Math.max(5, whole(req.pageSize, 5)));
    // Deep pages are capped: a member pages through tens of results, not thousands.
    const page = Math.min(100, Math.max(1, whole(req.page, 1)));
    const base: SearchResult = {
      status: 'ok',
      results: [],
      totalIsEstimate: false,
      page,
      pageSize,
      suggestions: [],
      exact: true,
    };
    const from = day(req.from, false);
    const until = day(req.to, true);
    if (from instanceof Error || until instanceof Error)
      return { ...base, status: 'invalid', message: (from instanceof Error ? from : (until as Error)).message };
    if (from !== null && until !== null && from >= until)
      return { ...base, status: 'invalid', message: 'the start date is after the end date' };
    const dates: DateRange = { from, until };
    if (opts.autoSync !== false && side.pending() > 0) side.sync();

    const units: Unit[] = toUnits(parseQuery(req.query ?? ''), tokenizer);
    const match = matchExpression(units.map((u) => u.term));
    if (match === null)
      return { ...base, status: 'empty-query', message: 'nothing to search for: add a word that is not excluded' };
    const plan = planner(units);
    const ctx: ScoreContext = { units, idf: plan.idf, avgLength: plan.avgLength, from, until };
    const sort = req.sort ?? 'relevance';
    const k = sort === 'votes' ? Math.max(VOTE_CANDIDATES, page * pageSize) : page * pageSize;
    const ranked = sort === 'newest' ? newest(plan, match, ctx, k, dates) : relevance(plan, match, ctx, k, dates);
    let rows = ranked.hits.map((h) => ({ h, p: fts.hydrate(h.pk)! })).filter((r) => r.p !== undefined);
    if (sort === 'votes') {
      const votes = opts.voteCounts?.(rows.map((r) => r.p.id)) ?? new Map<string, number>();
      rows = rows.sort(
        (a, b) =>
          (votes.get(b.p.id) ?? 0) - (votes.get(a.p.id) ?? 0) ||
          b.p.hf_upvotes - a.p.hf_upvotes ||
          b.h.score - a.h.score,
      );
    }
    const pageRows = rows.slice((page - 1) * pageSize, page * pageSize);
    const before = tokenizer.misses();
    const results = pageRows.map(({ h, p }, i) => {
      // Snippets look up every word: the first one tells whether the cache is cold.
      if (i === 1)
        tokenizer.primeIfCold(before, () => pageRows.slice(1).flatMap((r) => [r.p.ai_summary, r.p.abstract]));
      return {
        id: p.id,
        title: p.title,
        publishedAt: p.published_at,
        hfUpvotes: p.hf_upvotes,
        score: h.score,
        ...(opts.snippets === false ? {} : { snippet: makeSnippet([p.ai_summary, p.abstract], units, tokenizer) }),
      };
    });
    const total = ranked.estimated ? estimateTotal(plan) : (ranked.total ?? fts.count(match, dates));
    if (rows.length === 0 && page === 1) {
      return { ...base, status: 'no-results', total: 0, suggestions: suggest(fts, units, dates) };
    }
    return {
      ...base,
      results,
      total: Math.max(total, rows.length),
      totalIsEstimate: ranked.estimated,
      exact: ranked.exact,
    };
  }

  /**
   * Papers matching every term if terms were independent: an estimate, as counting common terms is what the index
   * avoids.
   */
  function estimateTotal(plan: Plan): number {
    return Math.round(
      plan.positives.reduce((n, u) => n * Math.min(1, (plan.estimate.get(u) ?? 0) / Math.max(1, plan.rows)), plan.rows),
    );
  }

  return {
    search,
    /**
     * Brings the side index up to date with papers; returns the rows processed. Searching does it too unless autoSync
     * is off.
     */
    sync: (batchSize?: number): number => side.sync(batchSize),
    pending: (): number => side.pending(),
  };
}
