import { WEIGHTS } from './bm25.ts';
import type { Tokenizer } from './tokenizer.ts';

/** The indexed text of a paper, in papers_fts column order: title, ai_keywords, ai_summary, abstract, authors. */
export type IndexedText = readonly [string | null, string | null, string | null, string | null, string | null];

/**
 * Column-weighted hit counts of a row's terms, by term id, in reusable arrays: the indexer analyses every
 * stored row, so it allocates nothing per token. Valid until the next call.
 */
export function createAnalyser(tokenizer: Tokenizer) {
  let weights = new Float64Array(1 << 16);
  const touched: number[] = [];
  let length = 0;
  let column = 0;
  const add = (id: number) => {
    if (id >= weights.length) {
      const bigger = new Float64Array(Math.max(id + 1, weights.length * 2));
      bigger.set(weights);
      weights = bigger;
    }
    if (weights[id] === 0) touched.push(id);
    weights[id] = weights[id]! + WEIGHTS[column]!;
    length++;
  };
  return function analyse(text: IndexedText): { ids: readonly number[]; weights: Float64Array; length: number } {
    for (const id of touched) weights[id] = 0;
    touched.length = 0;
    length = 0;
    for (column = 0; column < text.length; column++) tokenizer.eachId(text[column] ?? null, add);
    return { ids: touched, weights, length };
  };
}
