import type { QueryTerm } from './query-parser.ts';

/**
 * Rebuilds a parsed query as an FTS5 MATCH expression in which every piece of member text is a quoted FTS5
 * string, so it can only ever be matched as text. Positive terms are ANDed; exclusions hang off with NOT
 * (FTS5's NOT is binary: `a NOT b`), which is why a query needs at least one positive term.
 */

/** An FTS5 string literal: double quotes inside are doubled, which is FTS5's only escape. */
export const ftsString = (text: string): string => `"${text.replaceAll('"', '""')}"`;

export function termExpression(t: QueryTerm): string {
  const phrase = ftsString(t.words.join(' ')) + (t.prefix ? '*' : '');
  return t.author ? `{authors}: ${phrase}` : phrase;
}

/** The MATCH expression, or null when there is no positive term to search for. */
export function matchExpression(terms: readonly QueryTerm[]): string | null {
  const positive = terms.filter((t) => !t.negated).map(termExpression);
  if (positive.length === 0) return null;
  const negative = terms.filter((t) => t.negated).map(termExpression);
  const pos = positive.length === 1 ? positive[0]! : `(${positive.join(' AND ')})`;
  return negative.length === 0 ? pos : `${pos} NOT (${negative.join(' OR ')})`;
}
