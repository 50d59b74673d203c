import type { Database } from 'better-sqlite3';

/** What the search index knows of how common a token is (search_terms, search_stats). */
export interface StoredTermStats {
  rows: number;
  df(token: string): number;
  prefixDf(prefix: string): number;
}

/**
 * Reads the search index's term statistics as they stand at each call: papers indexed, a token's document
 * frequency, and a prefix's estimated the way the planner estimates it (its commonest token plus the others' share
 * of the rest). The statements are prepared once.
 */
export function termStatsReader(db: Database): () => StoredTermStats {
  const rowsStat = db.prepare<[], number>("SELECT value FROM search_stats WHERE key = 'rows'").pluck();
  const dfOf = db.prepare<[string], number>('SELECT df FROM search_terms WHERE term = ?').pluck();
  const range = db.prepare<[string, string], { total: number; top: number }>(
    'SELECT coalesce(sum(df), 0) AS total, coalesce(max(df), 0) AS top FROM (SELECT df FROM search_terms WHERE ' +
      'term >= ? AND term < ? LIMIT 5000)',
  );
  return () => {
    const rows = rowsStat.get() ?? 0;
    return {
      rows,
      df: (token) => dfOf.get(token) ?? 0,
      prefixDf(p) {
        const r = range.get(p, p + '\u{10ffff}') ?? { total: 0, top: 0 };
        return Math.round(r.top + (r.total - r.top) * Math.max(0, 1 - r.top / Math.max(1, rows)));
      },
    };
  };
}
