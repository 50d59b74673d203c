import BetterSqlite3, { type Database } from 'better-sqlite3';
import { migrate } from '../../src/db/migrate.ts';
import { migrations } from '../../src/db/migrations.ts';
import type { Paper } from '../../src/papers/paper.ts';
import { createPaperStore } from '../../src/papers/paper-store.ts';
import { listedOn } from '../support/papers.ts';

/** An in-memory database at the latest schema (the search step included), as the bot has it. */
export function searchDb(): Database {
  const db = new BetterSqlite3(':memory:');
  migrate(db, migrations);
  return db;
}

export function savePapers(db: Database, papers: Iterable<Paper>): void {
  const store = createPaperStore(db);
  let batch: Paper[] = [];
  const flush = () => {
    store.save(batch.map((p) => listedOn('2025-09-08', p)));
    batch = [];
  };
  for (const p of papers) {
    batch.push(p);
    if (batch.length === 2000) flush();
  }
  flush();
}

/** FTS5's own top rows by bm25 with the engine's weights: the reference the engine must agree with. */
export function exactTop(db: Database, match: string, limit = 10): string[] {
  return db
    .prepare<[string, number], string>(
      `SELECT p.id FROM papers_fts f JOIN papers p ON p.pk = f.rowid WHERE papers_fts MATCH ? ORDER BY bm25(papers_fts, 10, 6, 4, 2, 1), p.pk LIMIT ?`,
    )
    .pluck()
    .all(match, limit);
}
