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

/**
 * A passage found for a question. `score` ranks (FTS5's bm25, negated: higher is better); `coverage` says
 * how much of the question the passage speaks to, from 0 to 1 (see `coverage` below).
 */
export type ScoredPassage = StoredPassage & { score: number; coverage: number };

/**
 * The least coverage for a passage to count as answering a question when passages are quoted. Below it,
 * for every passage found, the paper is taken not to cover the question. Chosen with `npm run bench:ask`
 * (see the README): it turns away most questions about what a paper never mentions, and some it does.
 */
export const MIN_COVERAGE = 0.4;
/**
 * The same with a model, which is told to say itself when the passages do not answer: a looser gate lets
 * it answer the questions phrased in words the paper does not use.
 */
export const MIN_COVERAGE_WITH_MODEL = 0.2;

/** Whether any passage found speaks to enough of the question for the paper to be taken to cover it. */
export const coversQuestion = (found: readonly ScoredPassage[], least = MIN_COVERAGE): boolean =>
  found.some((p) => p.coverage >= least);

/**
 * How much of a question a passage speaks to: the weight of the question's words the passage contains over
 * the weight of all of them, each word weighted by its rarity in this paper (BM25's idf over the paper's
 * passages). A word the paper never uses weighs the most, so a question about something the paper never
 * mentions scores low even when a common word such as "model" matches.
 */
export function coverage(matched: readonly boolean[], df: readonly number[], passages: number): number {
  const idf = (n: number) => Math.log(1 + (passages - n + 0.5) / (n + 0.5));
  let total = 0;
  let hit = 0;
  df.forEach((n, i) => {
    total += idf(n);
    if (matched[i]) hit += idf(n);
  });
  return total === 0 ? 0 : hit / total;
}

interface PassageRow {
  pk: number;
  ord: number;
  section: string;
  anchor: string | null;
  kind: StoredPassage['kind'];
  text: string;
  rank: number;
}

// Words that say nothing about where an answer is: function words, and the words questions are phrased
// with ("how many", "did they"). They would only add noise to the query and dilute a passage's coverage.
const STOP_WORDS = new Set(
  (
    'a about after all also am an and any are as at be because been before being both but by can could did do ' +
    'does doing done each for from get got had has have having he her here him his how i if in into is it its ' +
    'just me more most much my no nor not of on once only or other our out over own same she should so some such ' +
    'than that the their them then there these they this those through to too under until up very was we were ' +
    'what when where which while who whom why will with would you your many paper papers authors use used using'
  ).split(' '),
);

/** The words of a question that say what it is about: lower-cased, distinct, stop and one-letter words dropped. */
export function questionWords(question: string): string[] {
  const words = question.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words.filter((w) => w.length > 1 && !STOP_WORDS.has(w)))];
}

/**
 * Words as an FTS5 query that cannot fail to parse: each quoted (questionWords leaves only letters and
 * digits), joined by OR, so a passage matches when it holds any of them.
 */
export const anyWordQuery = (words: readonly string[]): string => words.map((w) => `"${w}"`).join(' OR ');

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
  // A paper's passages are written in one transaction, so their keys are one contiguous range: a rowid range
  // lets FTS5 seek to this paper in each word's index instead of reading every paper's matches.
  const range = db.prepare<[string], { lo: number | null; hi: number | null }>(
    'SELECT min(pk) AS lo, max(pk) AS hi FROM paper_passages WHERE paper_id = ?',
  );
  const find = db.prepare(
    `SELECT p.pk, p.ord, p.section, p.anchor, p.kind, p.text, bm25(paper_passages_fts, 0.5, 1.0) AS rank
     FROM paper_passages_fts JOIN paper_passages p ON p.pk = paper_passages_fts.rowid
     WHERE paper_passages_fts MATCH ? AND paper_passages_fts.rowid BETWEEN ? AND ? AND p.paper_id = ?
     ORDER BY rank, p.ord LIMIT ?`,
  );
  const withWord = db
    .prepare<[string, number, number], number>(
      'SELECT rowid FROM paper_passages_fts WHERE paper_passages_fts MATCH ? AND rowid BETWEEN ? AND ?',
    )
    .pluck();

  const save = immediate(db, (paperId: string, source: FulltextSource, passages: readonly StoredPassage[]) => {
    del.run(paperId);
    for (const p of passages) insert.run(paperId, p.order, p.section, p.anchor, p.kind, p.text);
    upsertFulltext.run(paperId, source, now().toISOString(), passages.length);
  });

  // Saving slice by slice (see saveInSlices): keys are given explicitly, from a range reserved at the start.
  const lastKey = db.prepare<[], number>('SELECT coalesce(max(pk), 0) FROM paper_passages').pluck();
  const insertAt = db.prepare(
    'INSERT INTO paper_passages (pk, paper_id, ord, section, anchor, kind, text) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const delFulltext = db.prepare('DELETE FROM paper_fulltext WHERE paper_id = ?');
  const writeAt = (key: number, paperId: string, p: StoredPassage) =>
    insertAt.run(key, paperId, p.order, p.section, p.anchor, p.kind, p.text);
  const beginSlices = immediate(db, (paperId: string, passages: readonly StoredPassage[]): number => {
    del.run(paperId);
    delFulltext.run(paperId);
    const first = lastKey.get()! + 1;
    const last = passages.length - 1;
    if (last >= 0) writeAt(first + last, paperId, passages[last]!);
    return first;
  });
  const writeSlice = immediate(
    db,
    (paperId: string, first: number, passages: readonly StoredPassage[], from: number, to: number) => {
      for (let i = from; i < to; i++) writeAt(first + i, paperId, passages[i]!);
    },
  );
  const finishSlices = immediate(db, (paperId: string, source: FulltextSource, count: number) => {
    upsertFulltext.run(paperId, source, now().toISOString(), count);
  });

  return {
    /** Replaces the paper's passages, all at once: a reader sees the old set or the new one, never a mix. */
    save,
    /**
     * Starts replacing a paper's passages a slice at a time: its old passages and source go, so readers find
     * none until `finishSlices`, and the last passage is written first, at the end of the keys the paper will
     * use. Other writers take keys after it, so the paper's keys stay one range (see `range`) even when another
     * paper is saved in between. Returns the first key, for `writeSlice`.
     */
    beginSlices,
    /** Writes passages `from` up to `to` (not the last one: `beginSlices` wrote it) at their reserved keys. */
    writeSlice,
    /** The passages are all written: readers see them from now on. */
    finishSlices,
    has: (paperId: string): boolean => getSource.get(paperId) !== undefined,
    source: (paperId: string): FulltextSource | null => (getSource.get(paperId) as FulltextSource | undefined) ?? null,
    /**
     * The paper's passages that share a word with the question, best first, at most `limit`; [] when the
     * question has no words or the paper no passages.
     */
    search(paperId: string, question: string, limit = 5): ScoredPassage[] {
      const words = questionWords(question);
      // Passages still being saved slice by slice are not there yet.
      if (getSource.get(paperId) === undefined) return [];
      const { lo, hi } = range.get(paperId) ?? { lo: null, hi: null };
      if (words.length === 0 || lo === null || hi === null) return [];
      const rows = find.all(anyWordQuery(words), lo, hi, paperId, limit) as PassageRow[];
      if (rows.length === 0) return [];
      const holders = words.map((w) => new Set(withWord.all(anyWordQuery([w]), lo, hi)));
      const df = holders.map((h) => h.size);
      const passages = hi - lo + 1;
      return rows.map(({ pk, ord, rank, ...rest }) => ({
        order: ord,
        ...rest,
        score: -rank,
        coverage: coverage(
          holders.map((h) => h.has(pk)),
          df,
          passages,
        ),
      }));
    },
  };
}
