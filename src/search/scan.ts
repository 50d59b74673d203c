import { AUTHORS_COLUMN, WEIGHTS } from './bm25.ts';
import type { IndexedText } from './analyse.ts';
import type { Tokenizer } from './tokenizer.ts';
import type { Unit } from './units.ts';

/**
 * Scores a candidate row without tokenising all of it. Every run of ASCII letters and digits is exactly one
 * unicode61 token, so the row's length is a count of runs; and Porter only rewrites the end of a word, keeping
 * its first two letters, so only runs that start like some query token are looked up. Runs with other
 * characters are always looked up: they may hold several tokens. Tokens are compared as ids, and a phrase's
 * following tokens are read from the text in place: scoring a thousand candidates allocates next to nothing.
 */

export interface ScanResult {
  /** Tokens over all columns (bm25's D). */
  length: number;
  /** Column-weighted hits per unit, in the order of `units`. */
  hits: number[];
}

const lower = (c: number) => (c >= 65 && c <= 90 ? c + 32 : c);
const isSep = (c: number) => c < 128 && !((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122));

/**
 * A unit's tokens as ids, with the last one a prefix when the unit is. A token typed but not yet seen in
 * stored text has no id (-1, see Tokenizer.tokens) until a row read here gives it one.
 */
interface Compiled {
  ids: number[];
  tokens: readonly string[];
  prefix: string | null;
  c0: number;
  c1: number;
  /** The first one or two letters, for indexOf over an ASCII column. */
  start: string;
  authorsOnly: boolean;
}

export function compileUnits(units: readonly Unit[], tokenizer: Tokenizer): Compiled[] {
  return units.map((u) => {
    const n = u.tokens.length;
    const first = u.tokens[0]!;
    return {
      ids: u.tokens.map((t) => tokenizer.id(t) ?? -1),
      tokens: u.tokens,
      prefix: u.term.prefix ? u.tokens[n - 1]! : null,
      c0: first.charCodeAt(0),
      c1: first.length > 1 ? first.charCodeAt(1) : -1,
      start: first.slice(0, 2),
      authorsOnly: u.term.author,
    };
  });
}

// eslint-disable-next-line no-control-regex -- the ASCII range starts at NUL
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * `knownLength`, the row's token count when FTS5 has it (papers_fts_docsize), lets an all-ASCII column be
 * searched for the units' first letters with indexOf instead of walked run by run: most of a row is then
 * never looked at.
 */
export function scanRow(
  text: IndexedText,
  units: readonly Compiled[],
  tokenizer: Tokenizer,
  knownLength: number | null = null,
): ScanResult {
  const hits = units.map(() => 0);
  const matches = (u: Compiled, k: number, id: number) => {
    if (k === u.ids.length - 1 && u.prefix !== null) return tokenizer.term(id).startsWith(u.prefix);
    if (u.ids[k] !== -1 || tokenizer.term(id) !== u.tokens[k]) return id === u.ids[k];
    u.ids[k] = id;
    return true;
  };
  let length = 0;
  for (let c = 0; c < text.length; c++) {
    const col = text[c];
    if (!col) continue;
    const low = col.toLowerCase();
    const aligned = low.length === col.length;
    const weight = WEIGHTS[c]!;
    if (knownLength !== null && !NON_ASCII.test(col)) {
      for (let x = 0; x < units.length; x++) {
        const u = units[x]!;
        if (u.authorsOnly && c !== AUTHORS_COLUMN) continue;
        for (let at = low.indexOf(u.start); at >= 0; at = low.indexOf(u.start, at + 1)) {
          if (at > 0 && !isSep(low.charCodeAt(at - 1))) continue;
          let end = at;
          while (end < low.length && !isSep(low.charCodeAt(end))) end++;
          const ids = tokenizer.pieceIds(col, low, at, end, true);
          for (let t = 0; t < ids.length; t++) {
            if (!matches(u, 0, ids[t]!)) continue;
            if (u.ids.length === 1 || continues(col, low, true, u, 1, at, end, t + 1, tokenizer, matches))
              hits[x]! += weight;
          }
        }
      }
      continue;
    }
    const n = col.length;
    let i = 0;
    while (i < n) {
      while (i < n && isSep(col.charCodeAt(i))) i++;
      if (i >= n) break;
      const s = i;
      let ascii = true;
      while (i < n && !isSep(col.charCodeAt(i))) {
        if (col.charCodeAt(i) >= 128) ascii = false;
        i++;
      }
      const c0 = lower(col.charCodeAt(s));
      const c1 = i - s > 1 ? lower(col.charCodeAt(s + 1)) : -2;
      let ids: readonly number[] | null = null;
      if (!ascii) {
        ids = tokenizer.pieceIds(col, low, s, i, false);
        length += ids.length;
      } else length++;
      for (let x = 0; x < units.length; x++) {
        const u = units[x]!;
        if (u.authorsOnly && c !== AUTHORS_COLUMN) continue;
        if (ascii && (u.c0 !== c0 || (u.c1 !== -1 && u.c1 !== c1))) continue;
        ids ??= tokenizer.pieceIds(col, low, s, i, aligned);
        // A run of several tokens (non-ASCII) can start a match at any of them.
        for (let t = 0; t < ids.length; t++) {
          if (!matches(u, 0, ids[t]!)) continue;
          if (u.ids.length === 1 || continues(col, low, aligned && ascii, u, 1, s, i, t + 1, tokenizer, matches))
            hits[x]! += weight;
        }
      }
    }
  }
  return { length: knownLength ?? length, hits };
}

/** Whether the tokens from run [s, e) of `col`, at its token t onwards, continue phrase u from its token k. */
function continues(
  col: string,
  low: string,
  plain: boolean,
  u: Compiled,
  k: number,
  s: number,
  e: number,
  t: number,
  tokenizer: Tokenizer,
  matches: (u: Compiled, k: number, id: number) => boolean,
): boolean {
  const n = col.length;
  const aligned = low.length === n;
  let ids = tokenizer.pieceIds(col, low, s, e, plain);
  let j = e;
  for (; k < u.ids.length; k++, t++) {
    while (t >= ids.length) {
      while (j < n && isSep(col.charCodeAt(j))) j++;
      if (j >= n) return false;
      const s2 = j;
      let plain2 = true;
      for (; j < n && !isSep(col.charCodeAt(j)); j++) if (col.charCodeAt(j) >= 128) plain2 = false;
      ids = tokenizer.pieceIds(col, low, s2, j, plain2 && aligned);
      t = 0;
    }
    if (!matches(u, k, ids[t]!)) return false;
  }
  return true;
}
