/**
 * FTS5's bm25() as the engine reproduces it outside SQLite. Column weights rank a hit in the title above
 * one in the keywords, the AI summary, the abstract and, last, the author list: 10, 6, 4, 2, 1. The
 * gaps are wide enough that one title hit outweighs a few abstract hits, yet a paper that repeats a word
 * through its abstract still beats one that mentions it once in passing.
 *
 * FTS5 scores a row as sum over phrases of idf(phrase) * f * (k1 + 1) / (f + k1 * (1 - b + b * D / avgdl)),
 * where f is the column-weighted count of the phrase's hits, D the row's length in tokens over all columns
 * and avgdl the mean of D. The part after idf (the "impact") depends only on the row, so it can be stored.
 */

// In the order of papers_fts: title, ai_keywords, ai_summary, abstract, authors.
export const WEIGHTS = [10, 6, 4, 2, 1] as const;
export const AUTHORS_COLUMN = 4;
export const BM25_SQL = `bm25(papers_fts, ${WEIGHTS.join(', ')})`;

const K1 = 1.2;
const B = 0.75;

/** FTS5's idf: a phrase in more than half the rows gets a token 1e-6, not a negative weight. */
export function idf(rows: number, hits: number): number {
  const v = Math.log((rows - hits + 0.5) / (hits + 0.5));
  return v > 0 ? v : 1e-6;
}

export function impact(weightedHits: number, length: number, avgLength: number): number {
  if (weightedHits <= 0) return 0;
  return (weightedHits * (K1 + 1)) / (weightedHits + K1 * (1 - B + (B * length) / (avgLength || 1)));
}
