import { AUTHORS_COLUMN, WEIGHTS } from './bm25.ts';
import type { IndexedText } from './analyse.ts';
import { pieceKey, type Tokenizer } from './tokenizer.ts';
import type { Unit } from './units.ts';

/**
 * Scores a candidate row without tokenising all of it. Every run of ASCII letters and digits is exactly one
 * unicode61 token, so the row's length is a count of runs; and Porter only rewrites the end of a word, keeping
 * its first two letters, so only runs that start like some query token are looked up (and stemmed, through the
 * tokenizer's cache). Runs with other characters are always looked up: they may hold several tokens.
 */

export interface ScanResult {
  /** Tokens over all columns (bm25's D). */
  length: number;
  /** Column-weighted hits per unit, in the order of `units`. */
  hits: number[];
}

const lower = (c: number) => (c >= 65 && c <= 90 ? c + 32 : c);
const isSep = (c: number) => c < 128 && !((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122));

export function scanRow(text: IndexedText, units: readonly Unit[], tokenizer: Tokenizer): ScanResult {
  // Two-letter (or one-letter) start of each unit's first token: the cheap test a run must pass first.
  const start0 = units.map((u) => u.tokens[0]!.charCodeAt(0));
  const start1 = units.map((u) => (u.tokens[0]!.length > 1 ? u.tokens[0]!.charCodeAt(1) : -1));
  const hits = units.map(() => 0);
  let length = 0;
  text.forEach((col, c) => {
    if (!col) return;
    const weight = WEIGHTS[c]!;
    let i = 0;
    const n = col.length;
    // Reads the tokens of the runs from position `from` until `want` tokens are found (for phrases).
    const tokensFrom = (from: number, want: number): string[] => {
      const out: string[] = [];
      let j = from;
      while (j < n && out.length < want) {
        while (j < n && isSep(col.charCodeAt(j))) j++;
        const s = j;
        while (j < n && !isSep(col.charCodeAt(j))) j++;
        if (j > s) out.push(...tokenizer.piece(pieceKey(col.slice(s, j))));
      }
      return out;
    };
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
      let toks: string[] | null = null;
      if (!ascii) {
        toks = tokenizer.piece(pieceKey(col.slice(s, i)));
        length += toks.length;
      } else length++;
      for (let u = 0; u < units.length; u++) {
        const unit = units[u]!;
        if (unit.term.author && c !== AUTHORS_COLUMN) continue;
        if (ascii && (start0[u] !== c0 || (start1[u] !== -1 && start1[u] !== c1))) continue;
        toks ??= tokenizer.piece(pieceKey(col.slice(s, i)));
        // A run of several tokens (non-ASCII) can start a match at any of them.
        for (let t = 0; t < toks.length; t++) {
          const need = unit.tokens.length;
          const seq = need === 1 ? [toks[t]!] : [...toks.slice(t), ...tokensFrom(i, need)].slice(0, need);
          if (seq.length < need) continue;
          let ok = true;
          for (let k = 0; k < need && ok; k++) {
            ok = k === need - 1 && unit.term.prefix ? seq[k]!.startsWith(unit.tokens[k]!) : seq[k] === unit.tokens[k];
          }
          if (ok) hits[u]! += weight;
        }
      }
    }
  });
  return { length, hits };
}
