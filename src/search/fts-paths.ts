import type { Database } from 'better-sqlite3';
import { BM25_SQL } from './bm25.ts';
import type { Scored } from './scorer.ts';

/**
 * The plain FTS5 queries: exact bm25 ranking when every term is rare (FTS5 then touches few rows), and the
 * reference the fast paths are measured against. Dates filter on papers.published_at through a join.
 */

export interface DateRange {
  from: string | null;
  until: string | null;
}

const DATES = `(@from IS NULL OR p.published_at >= @from) AND (@until IS NULL OR p.published_at < @until)`;
interface Params {
  match: string;
  limit: number;
  from: string | null;
  until: string | null;
}

export interface Hydrated {
  id: string;
  title: string;
  published_at: string | null;
  hf_upvotes: number;
  ai_summary: string | null;
  abstract: string;
}

export type FtsPaths = ReturnType<typeof createFtsPaths>;

export function createFtsPaths(db: Database) {
  const top = db
    .prepare<[Params], [number, number, string | null]>(
      `
    SELECT f.rowid, -${BM25_SQL} AS score, p.published_at FROM papers_fts f JOIN papers p ON p.pk = f.rowid
    WHERE papers_fts MATCH @match AND ${DATES} ORDER BY ${BM25_SQL} LIMIT @limit`,
    )
    .raw();
  // Without dates no column of papers is needed: FTS5 alone ranks and counts, sparing a random read of a
  // paper row per match (most of a cold rare-word search at a million papers).
  const topAll = db
    .prepare<[{ match: string; limit: number }], [number, number]>(
      `
    SELECT rowid, -${BM25_SQL} AS score FROM papers_fts WHERE papers_fts MATCH @match ORDER BY ${BM25_SQL} LIMIT
      @limit`,
    )
    .raw();
  // Rare terms only: the rows are few, so counting them in the same pass (a window over the matches) spares
  // a second walk of the doclists, a third of a rare phrase's time at a million papers.
  const counted = db
    .prepare<[Params], [number, number, string | null, number]>(
      `
    SELECT pk, score, published_at, count(*) OVER () FROM (
      SELECT f.rowid AS pk, -${BM25_SQL} AS score, p.published_at FROM papers_fts f JOIN papers p ON p.pk = f.rowid
      WHERE papers_fts MATCH @match AND ${DATES}) ORDER BY score DESC, pk LIMIT @limit`,
    )
    .raw();
  const countedAll = db
    .prepare<[{ match: string; limit: number }], [number, number, number]>(
      `
    SELECT pk, score, count(*) OVER () FROM (SELECT rowid AS pk, -${BM25_SQL} AS score FROM papers_fts WHERE
      papers_fts MATCH @match)
    ORDER BY score DESC, pk LIMIT @limit`,
    )
    .raw();
  const countAll = db.prepare<[string], number>('SELECT count(*) FROM papers_fts WHERE papers_fts MATCH ?').pluck();
  const newest = db
    .prepare<[Params], [number, string | null]>(
      `
    SELECT f.rowid, p.published_at FROM papers_fts f JOIN papers p ON p.pk = f.rowid
    WHERE papers_fts MATCH @match AND ${DATES} ORDER BY p.published_at DESC, p.pk DESC LIMIT @limit`,
    )
    .raw();
  const count = db
    .prepare<[Params], number>(
      `
    SELECT count(*) FROM papers_fts f JOIN papers p ON p.pk = f.rowid WHERE papers_fts MATCH @match AND ${DATES}`,
    )
    .pluck();
  const exists = db
    .prepare<[Params], number>(
      `
    SELECT 1 FROM papers_fts f JOIN papers p ON p.pk = f.rowid WHERE papers_fts MATCH @match AND ${DATES} LIMIT 1`,
    )
    .pluck();
  const hydrate = db.prepare<[number], Hydrated>(
    'SELECT id, title, published_at, hf_upvotes, ai_summary, abstract FROM papers WHERE pk = ?',
  );
  const recent = db
    .prepare<[Params & { at: string; pk: number }], [number, string]>(
      `
    SELECT pk, published_at FROM papers p WHERE published_at IS NOT NULL AND (published_at, pk) < (@at, @pk) AND
      ${DATES}
    ORDER BY published_at DESC, pk DESC LIMIT @limit`,
    )
    .raw();

  return {
    topByBm25: (match: string, limit: number, d: DateRange): Scored[] =>
      d.from === null && d.until === null
        ? topAll.all({ match, limit }).map(([pk, score]) => ({ pk, score, publishedAt: null }))
        : top.all({ match, limit, ...d }).map(([pk, score, publishedAt]) => ({ pk, score, publishedAt })),
    /** The top rows and how many rows match in all, in one pass: for matches known to be few. */
    topCounted(match: string, limit: number, d: DateRange): { hits: Scored[]; total: number } {
      if (d.from === null && d.until === null) {
        const rows = countedAll.all({ match, limit });
        return { hits: rows.map(([pk, score]) => ({ pk, score, publishedAt: null })), total: rows[0]?.[2] ?? 0 };
      }
      const rows = counted.all({ match, limit, ...d });
      return { hits: rows.map(([pk, score, publishedAt]) => ({ pk, score, publishedAt })), total: rows[0]?.[3] ?? 0 };
    },
    newest: (match: string, limit: number, d: DateRange): Scored[] =>
      newest.all({ match, limit, ...d }).map(([pk, publishedAt]) => ({ pk, score: 0, publishedAt })),
    count: (match: string, d: DateRange): number =>
      (d.from === null && d.until === null ? countAll.get(match) : count.get({ match, limit: 0, ...d })) ?? 0,
    exists: (match: string, d: DateRange): boolean => exists.get({ match, limit: 0, ...d }) !== undefined,
    hydrate: (pk: number): Hydrated | undefined => hydrate.get(pk),
    /** Rows by publication date, newest first, after the cursor: the walk behind the newest sort of common words. */
    recent: (cursor: { at: string; pk: number }, d: DateRange, limit: number): Array<[number, string]> =>
      recent.all({ match: '', limit, ...d, ...cursor }),
  };
}
