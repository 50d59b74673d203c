import type { Database } from 'better-sqlite3';

/** FTS5's own top rows by bm25 with the engine's weights: the reference the engine must agree with. */
export function exactTop(db: Database, match: string, limit = 10): string[] {
  return db
    .prepare<[string, number], string>(
      'SELECT p.id FROM papers_fts f JOIN papers p ON p.pk = f.rowid WHERE papers_fts MATCH ? ' +
        'ORDER BY bm25(papers_fts, 10, 6, 4, 2, 1), p.pk LIMIT ?',
    )
    .pluck()
    .all(match, limit);
}
