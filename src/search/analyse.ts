import { WEIGHTS } from './bm25.ts';
import { grown } from './grown.ts';
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
  return function analyse(text: IndexedText): { ids: readonly number[]; weights: Float64Array; length: number } {
    for (const id of touched) weights[id] = 0;
    touched.length = 0;
    let length = 0;
    for (let column = 0; column < text.length; column++) {
      const weight = WEIGHTS[column]!;
      const ids = tokenizer.ids(text[column] ?? null);
      length += ids.length;
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i]!;
        weights = grown(weights, id);
        if (weights[id] === 0) touched.push(id);
        weights[id] = weights[id]! + weight;
      }
    }
    return { ids: touched, weights, length };
  };
}
