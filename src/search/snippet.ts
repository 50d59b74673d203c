import { pieceKey, type Tokenizer } from './tokenizer.ts';
import type { Unit } from './units.ts';

/**
 * A short extract of the AI summary or abstract around the first words that match the query, with those
 * words in **bold**. Built in JS from text the engine already has: FTS5's snippet() re-runs the query for
 * each row, which for a prefix of a common word expands it again every time.
 */

const WINDOW = 20;

function matches(word: string, units: readonly Unit[], tokenizer: Tokenizer): boolean {
  // eslint-disable-next-line no-control-regex -- ASCII separators, from NUL up
  const runs = word.split(/[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]+/).filter(Boolean);
  for (const run of runs) {
    for (const tok of tokenizer.piece(pieceKey(run))) {
      for (const u of units) {
        if (u.term.negated || u.term.author) continue;
        if (u.tokens.some((t, i) => (u.term.prefix && i === u.tokens.length - 1 ? tok.startsWith(t) : tok === t)))
          return true;
      }
    }
  }
  return false;
}

export function makeSnippet(
  texts: ReadonlyArray<string | null>,
  units: readonly Unit[],
  tokenizer: Tokenizer,
): string | undefined {
  let best: { words: string[]; marked: boolean[]; count: number } | null = null;
  for (const text of texts) {
    if (!text) continue;
    const words = text.split(/\s+/).filter(Boolean);
    const marked = words.map((w) => matches(w, units, tokenizer));
    const count = marked.filter(Boolean).length;
    if (!best || count > best.count) best = { words, marked, count };
  }
  if (!best) return undefined;
  const first = Math.max(0, best.marked.indexOf(true));
  const start = Math.max(0, Math.min(first - 4, best.words.length - WINDOW));
  const end = Math.min(best.words.length, start + WINDOW);
  const body = best.words
    .slice(start, end)
    .map((w, i) => (best.marked[start + i] ? `**${w}**` : w))
    .join(' ');
  return `${start > 0 ? '…' : ''}${body}${end < best.words.length ? '…' : ''}`;
}
