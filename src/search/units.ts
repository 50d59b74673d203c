import { AUTHORS_COLUMN, WEIGHTS } from './bm25.ts';
import type { AnalysedDoc } from './analyse.ts';
import { termExpression } from './fts-query.ts';
import type { ParsedQuery, QueryTerm } from './query-parser.ts';
import type { Tokenizer } from './tokenizer.ts';

/**
 * A query term resolved to the tokens FTS5 will look for, with the evaluation FTS5 applies to one row:
 * a phrase matches where its tokens sit next to each other in one column; a prefix term's last token
 * matches any token that starts with it. Used to check and score candidate rows without asking FTS5.
 */
export interface Unit {
  term: QueryTerm;
  tokens: string[];
  /** The term as a MATCH expression piece (quoted, so safe). */
  expr: string;
  /** The term as the member typed it, for suggestions. */
  label: string;
}

export function toUnits(q: ParsedQuery, tokenizer: Tokenizer): Unit[] {
  const out: Unit[] = [];
  for (const term of q.terms) {
    const tokens = tokenizer.tokens(term.words.join(' '));
    // Words FTS5 turns into no token at all can match nothing; dropping them keeps the query answerable.
    if (tokens.length === 0) continue;
    const text = term.words.join(' ');
    const label = `${term.negated ? '-' : ''}${term.author ? 'author:' : ''}${term.words.length > 1 ? `"${text}"` : text}`;
    out.push({ term, tokens, expr: termExpression(term), label });
  }
  return out;
}

/** Column-weighted number of places the unit matches in the row (FTS5's per-phrase hit count, weighted). */
export function weightedHits(u: Unit, doc: AnalysedDoc): number {
  const toks = u.tokens;
  const n = toks.length;
  const last = toks[n - 1]!;
  let hits = 0;
  for (let c = 0; c < doc.columns.length; c++) {
    if (u.term.author && c !== AUTHORS_COLUMN) continue;
    const col = doc.columns[c]!;
    let count = 0;
    for (let i = 0; i + n <= col.length; i++) {
      let ok = true;
      for (let j = 0; j < n - 1 && ok; j++) ok = col[i + j] === toks[j];
      if (!ok) continue;
      const t = col[i + n - 1]!;
      if (u.term.prefix ? t.startsWith(last) : t === last) count++;
    }
    hits += count * WEIGHTS[c]!;
  }
  return hits;
}
