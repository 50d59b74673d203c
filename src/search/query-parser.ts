/**
 * The member's query language, parsed without touching SQLite: plain words (all must match), "exact phrases",
 * -exclusions (a word or a "phrase"), and author:name / author:"Full Name". Anything else, FTS5 operators
 * and special characters included, is just text: it is split into words the way FTS5's unicode61 tokenizer
 * splits it (letters and digits, case and diacritics folded), so nothing a member types can reach FTS5 as syntax.
 */
import { SCRIPT_SEPARATORS } from './tokenizer.ts';

export interface QueryTerm {
  /** Folded words, in order; more than one makes a phrase. Never empty. */
  words: string[];
  /** Must NOT match. */
  negated: boolean;
  /** Restricted to the authors column. */
  author: boolean;
  /** The last word also matches as a prefix (search-as-you-type): set on the query's last positive word. */
  prefix: boolean;
}

export interface ParsedQuery {
  terms: QueryTerm[];
  /** True when input was cut to the limits below. */
  truncated: boolean;
}

export const MAX_QUERY_CHARS = 1_000;
export const MAX_TERMS = 32;
export const MAX_PHRASE_WORDS = 16;

const SCRIPTS = new RegExp(`[${SCRIPT_SEPARATORS}]`, 'gu');

/**
 * Splits text into folded words as papers_fts's tokenizer does: separators are everything but letters and digits,
 * and superscripts and subscripts (which NFKD would otherwise fold into digits and letters glued to the word).
 */
export function words(text: string): string[] {
  return text
    .replace(SCRIPTS, ' ')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

interface Chunk {
  text: string;
  /** A quoted run whose closing quote was typed: the member has finished it. */
  closed: boolean;
  negated: boolean;
  author: boolean;
}

/**
 * Cuts the input into chunks: a quoted run (to the closing quote, or to the end when unbalanced) or a run up to
 * whitespace.
 */
function chunks(input: string): Chunk[] {
  const out: Chunk[] = [];
  let i = 0;
  while (i < input.length) {
    while (i < input.length && /\s/u.test(input[i]!)) i++;
    if (i >= input.length) break;
    let negated = false;
    let author = false;
    if (input[i] === '-' && i + 1 < input.length && !/\s/u.test(input[i + 1]!)) {
      negated = true;
      i++;
    }
    if (input.slice(i, i + 7).toLowerCase() === 'author:' && i + 7 < input.length && !/\s/u.test(input[i + 7]!)) {
      author = true;
      i += 7;
    }
    if (input[i] === '"') {
      const end = input.indexOf('"', i + 1);
      const stop = end < 0 ? input.length : end;
      out.push({ text: input.slice(i + 1, stop), closed: end >= 0, negated, author });
      i = stop + 1;
    } else {
      let j = i;
      while (j < input.length && !/\s/u.test(input[j]!) && input[j] !== '"') j++;
      // An unknown `field:` is a word of its own, not the start of a phrase with what follows it.
      const field = /^[\p{L}\p{N}_]+:/u.exec(input.slice(i, j));
      const stop = field && !author ? i + field[0].length : j;
      out.push({ text: input.slice(i, stop), closed: false, negated, author });
      i = stop;
    }
  }
  return out;
}

export function parseQuery(input: string): ParsedQuery {
  let truncated = input.length > MAX_QUERY_CHARS;
  // Control characters are separators to unicode61 too; dropping them early keeps chunking simple.
  const text = input.slice(0, MAX_QUERY_CHARS).replace(/\p{Cc}/gu, ' ');
  const terms: QueryTerm[] = [];
  let lastClosed = false;
  for (const c of chunks(text)) {
    const ws = words(c.text);
    if (ws.length === 0) continue;
    if (terms.length >= MAX_TERMS) {
      truncated = true;
      break;
    }
    if (ws.length > MAX_PHRASE_WORDS) truncated = true;
    // A bare word with punctuation inside (state-of-the-art) is a phrase, as FTS5 itself would read it.
    terms.push({ words: ws.slice(0, MAX_PHRASE_WORDS), negated: c.negated, author: c.author, prefix: false });
    lastClosed = c.closed;
  }
  const last = terms.at(-1);
  // Only what is still being typed gets the prefix: not a closed quote, not an exclusion, not a cut-off query.
  if (last && !last.negated && !lastClosed && !truncated) last.prefix = true;
  return { terms, truncated };
}

/** The positive terms; a query with none has nothing to search for. */
export const positiveTerms = (q: ParsedQuery): QueryTerm[] => q.terms.filter((t) => !t.negated);
