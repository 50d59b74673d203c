import { WEIGHTS } from './bm25.ts';
import type { Tokenizer } from './tokenizer.ts';

/** The indexed text of a paper, in papers_fts column order: title, ai_keywords, ai_summary, abstract, authors. */
export type IndexedText = readonly [string | null, string | null, string | null, string | null, string | null];

export interface AnalysedDoc {
  /** Tokens per column, as FTS5 indexed them. */
  columns: string[][];
  /** Tokens over all columns: bm25's D. */
  length: number;
}

export function analyse(tokenizer: Tokenizer, text: IndexedText): AnalysedDoc {
  const columns = text.map((t) => tokenizer.tokens(t));
  let length = 0;
  for (const c of columns) length += c.length;
  return { columns, length };
}

/** Column-weighted hit count of every term in the document. */
export function termWeights(doc: AnalysedDoc): Map<string, number> {
  const out = new Map<string, number>();
  doc.columns.forEach((col, c) => {
    const w = WEIGHTS[c]!;
    for (const t of col) out.set(t, (out.get(t) ?? 0) + w);
  });
  return out;
}
