import { termExpression } from './fts-query.ts';
import type { ParsedQuery, QueryTerm } from './query-parser.ts';
import type { Tokenizer } from './tokenizer.ts';

/**
 * A query term resolved to the tokens FTS5 will look for (stemmed by FTS5's own tokenizer), so candidate
 * rows can be checked and scored without asking FTS5 (see scan.ts).
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
    const shown = term.words.length > 1 ? `"${text}"` : text;
    const label = `${term.negated ? '-' : ''}${term.author ? 'author:' : ''}${shown}`;
    out.push({ term, tokens, expr: termExpression(term), label });
  }
  return out;
}
