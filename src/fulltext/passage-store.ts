import type { Database } from 'better-sqlite3';
import { immediate } from '../db/immediate.ts';

/** One passage of a paper's full text (the same shape as the HTML parser's Passage). */
export interface StoredPassage {
  order: number;
  section: string;
  anchor: string | null;
  kind: 'paragraph' | 'caption' | 'table' | 'abstract';
  text: string;
}

export type FulltextSource = 'html' | 'abstract';

/** A passage found for a question; `score` is higher for a better match (FTS5's bm25, negated). */
export type ScoredPassage = StoredPassage & { score: number };

interface PassageRow {
  ord: number;
  section: string;
  anchor: string | null;
  kind: StoredPassage['kind'];
  text: string;
  rank: number;
}

// Words that say nothing about where an answer is; they would only add noise to an OR query.
const STOP_WORDS = new Set(
  (
    'a an and are as at be by can do does for from how in into is it its of on or that the their there these ' +
    'this those to was were what when where which who whom why will with paper papers they use used using'
  ).split(' '),
);

/**
 * A member's free-text question as an FTS5 query that cannot fail to parse: its words (letters and digits),
 * stop words and one-letter words dropped, each quoted, joined by OR. Null when no word is left.
 */
export function questionToFts(question: string): string | null {
  const kept = questionWords(question);
  return kept.length === 0 ? null : kept.map((w) => `"${w}"`).join(' OR ');
}

/** The words of a question that say what it is about: lower-cased, distinct, stop and one-letter words dropped. */
export function questionWords(question: string): string[] {
  const words = question.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words.filter((w) => w.length > 1 && !STOP_WORDS.has(w)))];
}

export type PassageStore = ReturnType<typeof createPassageStore>;

export function createPassageStore(db: Database, now: () => Date = () => new Date()) {
  const del = db.prepare('DELETE FROM paper_passages WHERE paper_id = ?');
  const insert = db.prepare(
    'INSERT INTO paper_passages (paper_id, ord, section, anchor, kind, text) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const upsertFulltext = db.prepare(
    `INSERT INTO paper_fulltext (paper_id, source, fetched_at, passages) VALUES (?, ?, ?, ?)
     ON CONFLICT (paper_id) DO UPDATE SET source = excluded.source, fetched_at = excluded.fetched_at,
       passages = excluded.passages`,
  );
  const getSource = db.prepare('SELECT source FROM paper_fulltext WHERE paper_id = ?').pluck();
  const find = db.prepare(
    `SELECT p.ord, p.section, p.anchor, p.kind, p.text, bm25(paper_passages_fts, 0.5, 1.0) AS rank
     FROM paper_passages_fts JOIN paper_passages p ON p.pk = paper_passages_fts.rowid
     WHERE paper_passages_fts MATCH ? AND p.paper_id = ?
     ORDER BY rank, p.ord LIMIT ?`,
  );

  const save = immediate(db, (paperId: string, source: FulltextSource, passages: readonly StoredPassage[]) => {
    del.run(paperId);
    for (const p of passages) insert.run(paperId, p.order, p.section, p.anchor, p.kind, p.text);
    upsertFulltext.run(paperId, source, now().toISOString(), passages.length);
  });

  return {
    /** Replaces the paper's passages, all at once: a reader sees the old set or the new one, never a mix. */
    save,
    has: (paperId: string): boolean => getSource.get(paperId) !== undefined,
    source: (paperId: string): FulltextSource | null => (getSource.get(paperId) as FulltextSource | undefined) ?? null,
    /** The paper's passages that best match the question, best first; [] when the question has no words. */
    search(paperId: string, question: string, limit = 5): ScoredPassage[] {
      const match = questionToFts(question);
      if (match === null) return [];
      return (find.all(match, paperId, limit) as PassageRow[]).map(({ ord, rank, ...rest }) => ({
        order: ord,
        ...rest,
        score: -rank,
      }));
    },
  };
}
