import type { Database } from 'better-sqlite3';
import type { SummaryLength, SummarySource } from './types.ts';

// The table is created by migration 3 (src/db/migrations.ts): one row per paper, length and model, so
// changing SUMMARY_MODEL starts afresh instead of serving the old model's words.

export interface CachedSummary {
  text: string;
  source: SummarySource;
  model: string;
  /** ISO 8601. */
  createdAt: string;
}

export interface SummaryToCache {
  paperId: string;
  length: SummaryLength;
  source: SummarySource;
  model: string;
  text: string;
}

interface SummaryRow {
  text: string;
  source: SummarySource;
  model: string;
  created_at: string;
}

export type SummaryCache = ReturnType<typeof createSummaryCache>;

export function createSummaryCache(db: Database, now: () => Date = () => new Date()) {
  const select = db.prepare<[string, string, string], SummaryRow>(
    'SELECT text, source, model, created_at FROM summaries WHERE paper_id = ? AND length = ? AND model = ?',
  );
  const upsert = db.prepare<[string, string, string, string, string, string]>(`
    INSERT INTO summaries (paper_id, length, source, model, text, created_at) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (paper_id, length, model) DO UPDATE SET
      source = excluded.source, text = excluded.text, created_at = excluded.created_at
  `);
  const removePaper = db.prepare<[string]>('DELETE FROM summaries WHERE paper_id = ?');
  const count = db.prepare<[], number>('SELECT count(*) FROM summaries').pluck();

  return {
    get(paperId: string, length: SummaryLength, model: string): CachedSummary | null {
      const row = select.get(paperId, length, model);
      return row ? { text: row.text, source: row.source, model: row.model, createdAt: row.created_at } : null;
    },
    /** Stores (or replaces) a summary. Throws when the paper is not in `papers`. */
    put(s: SummaryToCache): void {
      upsert.run(s.paperId, s.length, s.source, s.model, s.text, now().toISOString());
    },
    /** Forgets every cached summary of a paper (for example after its abstract changed). Returns the rows removed. */
    forget: (paperId: string): number => removePaper.run(paperId).changes,
    count: (): number => count.get() ?? 0,
  };
}
